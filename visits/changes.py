"""What changed on a visit since its team and host were last told, waiting for a quiet moment.

Each change the team should hear about (team set, visit confirmed, agenda or session changed
after confirmation, visit cancelled) is written here as it happens. Once the visit has been
quiet for ``VISIT_CHANGES_QUIET_MINUTES``, the pending rows become one e-mail per person
(``visits/team_mail.py``) and are marked as mailed: ten quick edits make one e-mail.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VisitChange(models.Model):
    class What(models.TextChoices):
        TEAM = "team", _("The team changed")
        CONFIRMED = "confirmed", _("The visit is confirmed")
        AGENDA = "agenda", _("The agenda changed")
        SESSION = "session", _("A preparation session changed")
        CANCELLED = "cancelled", _("The visit is cancelled")

    visit = models.ForeignKey("visits.Visit", on_delete=models.CASCADE, related_name="changes")
    what = models.CharField(_("what"), max_length=20, choices=What.choices)
    # The title of the item or session concerned, as it was when it changed.
    subject = models.CharField(_("about"), max_length=200, blank=True)
    # People no longer on the team, who must still hear that they are off it.
    also_tell = models.JSONField(_("also tell"), default=list, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["visit", "pk"]
        verbose_name = _("change to a visit")
        verbose_name_plural = _("changes to visits")
        indexes = [
            models.Index(
                fields=["visit", "at"],
                condition=models.Q(mailed_at__isnull=True),
                name="visit_change_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_what_display()} {self.subject}".strip()
