"""What the platform keeps about a person beyond their account."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewerProfile(models.Model):
    """Where a member of staff works, so they are never assigned their own city."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_profile"
    )
    city = models.CharField(_("city"), max_length=120, blank=True)

    class Meta:
        # Created by the reviews app before the model moved here; the table keeps its name.
        db_table = "reviews_reviewerprofile"
        verbose_name = _("reviewer profile")
        verbose_name_plural = _("reviewer profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.city or '-'})"
