"""Every e-mail the platform sends: the outbox it is sent from, and the log staff read."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models import language_choices


class EmailQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=Email.State.PENDING)

    def recipients_since(self, since, *, kind: str, occasion_prefix: str):
        """The addresses mailed ``kind`` since ``since`` for occasions starting so (a subquery)."""
        occasions = self.filter(kind=kind, occasion__startswith=occasion_prefix)
        return occasions.filter(created_at__gte=since).values("recipient")


class Email(models.Model):
    """One e-mail to one recipient.

    Written in the same transaction as what caused it, then handed to Celery once that
    transaction commits. ``(kind, recipient, occasion)`` is unique: whatever is retried, queued
    twice or scanned twice, an occasion is mailed at most once. A worker that dies while
    sending leaves the e-mail ``sending``; it is never sent again automatically.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent (or interrupted)")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    recipient = models.EmailField(_("recipient"))
    occasion = models.CharField(_("occasion"), max_length=120)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("body"))
    attachment_name = models.CharField(_("attachment"), max_length=120, blank=True)
    # "<renderer>:<object id>", rendered when the e-mail is sent (a PDF takes a moment; the
    # request that queued the e-mail should not wait for it). See consolidate/registry.py.
    attachment_source = models.CharField(max_length=80, blank=True)
    # The language subject and body were written in, and the attachment is rendered in.
    language = models.CharField(
        _("language"), max_length=8, choices=language_choices, default=settings.LANGUAGE_CODE
    )
    state = models.CharField(
        _("delivery state"), max_length=20, choices=State.choices, default=State.PENDING,
        db_index=True,
    )  # fmt: skip
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = EmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        permissions = [("send_reminders", _("Can send one-off reminders"))]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "occasion"], name="email_once_per_occasion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}: {self.subject}"
