"""What a visit's programme holds: the online preparation sessions and the agenda's items."""

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Revised(models.Model):
    """Something that appears in the visit's calendar feed: each change raises its revision."""

    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            self.revision += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "revision", "updated_at"}
        super().save(*args, **kwargs)


class PreparationSession(Revised):
    """An online meeting of the team and the host before the visit."""

    visit = models.ForeignKey("visits.Visit", on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    duration = models.PositiveSmallIntegerField(
        _("duration in minutes"), default=60, validators=[MinValueValidator(1)]
    )
    topic = models.CharField(_("topic"), max_length=200)
    video_link = models.URLField(_("video-call link"), blank=True)
    attendees = models.TextField(_("who attends"), blank=True)

    class Meta:
        ordering = ["visit", "starts_at", "pk"]
        verbose_name = _("preparation session")
        verbose_name_plural = _("preparation sessions")
        constraints = [
            models.CheckConstraint(condition=Q(duration__gt=0), name="session_has_a_duration"),
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration)


class AgendaItem(Revised):
    """A time slot of the in-person visit, in the visit's local time."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        SITE_VISIT = "site_visit", _("Site visit")
        MEAL = "meal", _("Meal")
        REFLECTION = "reflection", _("Reflections session")

    visit = models.ForeignKey("visits.Visit", on_delete=models.CASCADE, related_name="agenda")
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEETING)
    place = models.CharField(_("place"), max_length=200, blank=True)
    stakeholders = models.TextField(_("stakeholders met"), blank=True)
    services = models.CharField(_("services visited"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["visit", "day", "starts_at", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="agenda_item_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m} {self.starts_at:%H:%M} {self.title}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("An item ends after it starts.")})

    def local_start(self, zone: zoneinfo.ZoneInfo) -> dt.datetime:
        return dt.datetime.combine(self.day, self.starts_at, tzinfo=zone)

    def local_end(self, zone: zoneinfo.ZoneInfo) -> dt.datetime:
        return dt.datetime.combine(self.day, self.ends_at, tzinfo=zone)
