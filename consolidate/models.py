"""The audit trail: every decision of every app, with who took it, when, and what it changed."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet):
    def about(self, obj):
        kind = ContentType.objects.get_for_model(obj)
        return self.filter(content_type=kind, object_id=str(obj.pk))

    def by_action(self, action: str):
        return self.filter(action=action)


class AuditEntry(models.Model):
    """One decision: ``action`` names it (``"reviews.decision"``), ``before``/``after`` its data."""

    action = models.CharField(_("action"), max_length=60, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # Kept as text so the trail still says who acted after their account is erased.
    actor_label = models.CharField(_("by (as recorded)"), max_length=254, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(_("object id"), max_length=40)
    object_label = models.CharField(_("about"), max_length=300)
    subject = models.CharField(_("what"), max_length=200, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object")]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.action} {self.object_label}"


class Heartbeat(models.Model):
    """When a background process last showed it was alive: ``beat`` (it sent its heartbeat
    task) or ``worker`` (it ran that task). Read by /health/ready and the admin's banner; kept
    in the database because the local default cache is one process's memory.
    """

    name = models.CharField(_("process"), max_length=20, primary_key=True)
    at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name}: {self.at:%Y-%m-%d %H:%M:%S %Z}"

    @classmethod
    def record(cls, name: str) -> None:
        cls.objects.update_or_create(name=name, defaults={"at": timezone.now()})

    @classmethod
    def age(cls, name: str):
        """Seconds since ``name`` was last seen, or None if never."""
        at = cls.objects.filter(name=name).values_list("at", flat=True).first()
        return None if at is None else (timezone.now() - at).total_seconds()
