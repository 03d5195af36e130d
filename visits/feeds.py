"""A person's own calendar feed: every visit and session they are part of, at a secret address.

One feed per person, whatever the number of their visits. The address carries a random token;
renewing it (from "My visits") makes a new token and the old address answers 404 at once.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedQuerySet(models.QuerySet):
    def of(self, user) -> "CalendarFeed":
        """The person's feed, made the first time they ask for it."""
        feed, _created = self.get_or_create(user=user)
        return feed


class CalendarFeed(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("person"),
    )
    token = models.CharField(
        _("secret token"), max_length=64, unique=True, default=new_token, editable=False
    )
    renewed_at = models.DateTimeField(_("address made at"), auto_now=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("visits:calendar", kwargs={"token": self.token})

    def renew(self) -> None:
        """Revoke the address: the old token stops working at once."""
        self.token = new_token()
        self.save(update_fields=["token", "renewed_at"])
