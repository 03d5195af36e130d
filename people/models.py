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


def language_choices():
    return settings.LANGUAGES


class Preferences(models.Model):
    """The language a person reads and the clock they live by.

    Set at sign-up from the page's active language and the browser's time zone, changeable on
    the account page; every e-mail, reminder and PDF made for the person, by a request or by
    the Celery worker, is in this language, and times shown to them carry this zone beside the
    event's own. See ``people.preferences``.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences"
    )
    language = models.CharField(_("language"), max_length=8, choices=language_choices, default="en")
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Brussels")

    class Meta:
        verbose_name = _("language and time zone")
        verbose_name_plural = _("languages and time zones")

    def __str__(self) -> str:
        return f"{self.user}: {self.language}, {self.time_zone}"
