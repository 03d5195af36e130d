"""A selected city's peer-support visit: its team, preparation, agenda and the host's feedback."""

import datetime as dt
import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from champions.models import Champion
from consolidate.templatetags import formats

# The claim's models (visits/claims/models.py) and the host's feedback (feedback.py) belong to
# this app: Django registers a model when its module is imported, so the app's models module
# names them.
from .aggregates import VisitAggregates
from .claims.models import ExpenseLine, LumpSumClaim
from .feedback import Feedback
from .rules import is_coordinator

__all__ = ["AgendaItem", "ExpenseLine", "Feedback", "LumpSumClaim", "PreparationSession",
           "TeamMember", "Visit"]  # fmt: skip


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class VisitQuerySet(VisitAggregates, models.QuerySet):
    def for_call(self, call):
        return self.filter(application__call=call)

    def with_member(self, user):
        """Visits whose team the user is on, as a champion or as an expert."""
        return self.filter(_on_team(user))

    def held(self):
        return self.filter(state__in=Visit.HELD, ends_on__isnull=False)

    def round_stage(self, call) -> str | None:
        """The stage of a released call's round (``Call.round_phase``): visits under way once
        one is confirmed, done when none is left to hold; None while all are being planned."""
        states = set(self.for_call(call).values_list("state", flat=True))
        if not states - {Visit.State.DONE, Visit.State.CANCELLED}:
            return "done"
        return "visits" if states & set(Visit.HELD) else None

    def hosted_by(self, user):
        return self.filter(_hosted_by(user))

    def involving(self, user):
        """Visits the user hosts or is on the team of (the site's menu asks this)."""
        return self.filter(_on_team(user) | _hosted_by(user))

    def visible_to(self, user):
        """Who may see a visit, written once: the coordinators, its host and its team."""
        if not user.is_authenticated:
            return self.none()
        return self.all() if is_coordinator(user) else self.involving(user)


def _on_team(user) -> Q:
    teams = TeamMember.objects.filter(Q(champion__user=user) | Q(user=user))
    return Q(pk__in=teams.values("visit"))


def _hosted_by(user) -> Q:
    return Q(application__applicant=user)


class Visit(models.Model):
    """The peer-support visit to one selected city.

    Opened when the call's decisions are released, in ``planning``. A coordinator names the
    team, the dates and the agenda, then confirms it (the team must be complete and the last
    day must end with the reflections session). A confirmed visit goes back to planning to
    change its team or dates, and becomes ``done`` once its last day has come. A visit can be
    cancelled, and a cancelled one reopened.

    The in-person part spans the call's number of nights (two): it ends exactly that many days
    after it starts (arrival day, full day, departure day), which holds the 1.5 days of contact
    time.
    """

    class State(models.TextChoices):
        PLANNING = "planning", _("Planning")
        CONFIRMED = "confirmed", _("Confirmed")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    HELD = (State.CONFIRMED, State.DONE)  # it takes or took place: feedback and claim follow
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="visit", verbose_name=_("application")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PLANNING, db_index=True
    )
    starts_on = models.DateField(_("first day"), null=True, blank=True)
    ends_on = models.DateField(
        _("last day"),
        null=True,
        blank=True,
        help_text=_("Left empty, it is worked out from the first day and the call's nights."),
    )
    stakeholders = models.TextField(
        _("stakeholders the host proposes to meet"),
        blank=True,
        help_text=_("People and organisations, with their role, one per line."),
    )
    feedback_subject = models.TextField(
        _("project or service the host wants feedback on"), blank=True
    )
    proposed_at = models.DateTimeField(_("host's proposal last changed"), null=True, blank=True)
    calendar_token = models.CharField(
        _("calendar token"), max_length=64, unique=True, default=new_calendar_token, editable=False
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = [F("starts_on").asc(nulls_last=True), "pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="visit_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return _("Visit to %(city)s") % {"city": self.application.city}

    def get_absolute_url(self) -> str:
        return reverse("visits:detail", kwargs={"pk": self.pk})

    @property
    def call(self):
        return self.application.call

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """Agenda times are wall-clock times in this zone."""
        return self.call.zone

    @property
    def is_being_planned(self) -> bool:
        return self.state == self.State.PLANNING

    @property
    def days(self) -> list[dt.date]:
        if not (self.starts_on and self.ends_on):
            return []
        return [
            self.starts_on + dt.timedelta(days=n)
            for n in range((self.ends_on - self.starts_on).days + 1)
        ]

    def local_today(self, now: dt.datetime | None = None) -> dt.date:
        return timezone.localdate(now, timezone=self.zone)

    def is_over(self, now: dt.datetime | None = None) -> bool:
        """Whether the last day of the visit is behind us (or ``now``), in the visit's zone."""
        return self.ends_on is not None and self.local_today(now) > self.ends_on

    def feedback_refusal(self, now: dt.datetime | None = None) -> str:
        """Why the host cannot answer the questionnaire now; empty when they can."""
        if self.state not in self.HELD or not self.ends_on:
            return gettext("The questionnaire is for visits that took place.")
        if not self.is_over(now):
            return gettext("The questionnaire opens the day after the visit, on %(day)s.") % {
                "day": formats.day(self.ends_on + dt.timedelta(days=1))
            }
        return ""

    def default_end(self, starts_on: dt.date) -> dt.date:
        return starts_on + dt.timedelta(days=self.call.nights)

    def date_errors(self, starts_on: dt.date | None, ends_on: dt.date | None) -> dict[str, str]:
        """What is wrong with these dates: inside the call's visit window, the call's nights."""
        call, errors = self.call, {}
        if ends_on and not starts_on:
            errors["starts_on"] = _("Please give the first day too.")
        for field, day in (("starts_on", starts_on), ("ends_on", ends_on)):
            if day and not call.visit_window_start <= day <= call.visit_window_end:
                errors[field] = _("Visits take place between %(start)s and %(end)s.") % {
                    "start": formats.day(call.visit_window_start),
                    "end": formats.day(call.visit_window_end),
                }
        if starts_on and ends_on and "ends_on" not in errors:
            expected = self.default_end(starts_on)
            if ends_on != expected:
                errors["ends_on"] = _(
                    "The visit spans %(nights)s nights on site: starting on %(start)s, its last "
                    "day is %(end)s."
                ) % {
                    "nights": call.nights,
                    "start": formats.day(starts_on),
                    "end": formats.day(expected),
                }
        return errors

    def regenerate_calendar_token(self) -> None:
        """Revoke the calendar link: the old address stops working at once."""
        self.calendar_token = new_calendar_token()
        self.save(update_fields=["calendar_token", "updated_at"])


class TeamMember(models.Model):
    """One of the four people who visit: two champions, a network expert, a partner expert."""

    class Role(models.TextChoices):
        CHAMPION = "champion", _("Integration champion")
        NETWORK_EXPERT = "network_expert", _("Expert of the network's secretariat")
        PARTNER_EXPERT = "partner_expert", _("Expert of the expert partner")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="team")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    champion = models.ForeignKey(
        Champion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("champion"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visit_roles",
        verbose_name=_("expert"),
    )

    class Meta:
        ordering = ["visit", "role", "pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="champion") & Q(champion__isnull=False) & Q(user__isnull=True))
                | (~Q(role="champion") & Q(champion__isnull=True) & Q(user__isnull=False)),
                name="team_member_is_champion_or_expert",
            ),
            models.UniqueConstraint(
                fields=["visit", "champion"],
                condition=Q(champion__isnull=False),
                name="team_champion_once_per_visit",
            ),
            models.UniqueConstraint(
                fields=["visit", "user"],
                condition=Q(user__isnull=False),
                name="team_expert_once_per_visit",
            ),
            models.UniqueConstraint(
                fields=["visit", "role"],
                condition=~Q(role="champion"),
                name="team_one_expert_per_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"

    @property
    def name(self) -> str:
        if self.champion_id:
            return self.champion.name
        return self.user.get_full_name() or self.user.email

    @property
    def email(self) -> str:
        return self.champion.email if self.champion_id else self.user.email


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

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="sessions")
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

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="agenda")
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
