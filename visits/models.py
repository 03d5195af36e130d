"""A selected city's peer-support visit: its team, preparation, agenda and the host's feedback."""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from champions.models import Champion
from consolidate.templatetags import formats

# The claim's models (visits/claims/models.py) and the host's feedback (feedback.py) belong to
# this app: Django registers a model when its module is imported, so the app's models module
# names them.
from .agenda import AgendaItem, PreparationSession
from .aggregates import VisitAggregates
from .changes import VisitChange
from .claims.models import ExpenseLine, LumpSumClaim
from .feedback import Feedback
from .feeds import CalendarFeed, new_token
from .rules import is_coordinator
from .zones import default_zone, zones_of

__all__ = ["AgendaItem", "CalendarFeed", "ExpenseLine", "Feedback", "LumpSumClaim",
           "PreparationSession", "TeamMember", "Visit", "VisitChange"]  # fmt: skip


def new_calendar_token() -> str:
    """The shared token each visit had before feeds became personal; migration 0001 names it."""
    return new_token()


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
        CONFIRMED = "confirmed", pgettext_lazy("a visit", "Confirmed")
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
    meeting_address = models.TextField(
        _("where the team meets the host"),
        blank=True,
        help_text=_("The address of the first meeting point, as the team will look for it."),
    )
    proposed_at = models.DateTimeField(_("host's proposal last changed"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        help_text=_("The host city's clock: the agenda is typed and shown in it."),
    )
    revision = models.PositiveIntegerField(
        _("revision"),
        default=0,
        editable=False,
        help_text=_("Raised when the dates, zone or state change: calendars update every event."),
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

    def save(self, *args, **kwargs) -> None:
        if not self.time_zone:  # a new visit runs on its host country's (mainland) clock
            self.time_zone = default_zone(self.application.country)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "time_zone"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("visits:detail", kwargs={"pk": self.pk})

    @property
    def call(self):
        return self.application.call

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """Agenda times are wall-clock times in this zone, the host city's."""
        return zoneinfo.ZoneInfo(self.time_zone or default_zone(self.application.country))

    @property
    def zone_choices(self) -> tuple[str, ...]:
        return zones_of(self.application.country)

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
    # The visit's days while it holds this person (planned or confirmed, with dates): copied
    # here so that PostgreSQL can refuse two overlapping visits for one person (migration 0004).
    booked_from = models.DateField(_("booked from"), null=True, blank=True, editable=False)
    booked_until = models.DateField(_("booked until"), null=True, blank=True, editable=False)

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

    @property
    def account(self):
        """The person's account, if they have one (a champion may not)."""
        return self.champion.user if self.champion_id else self.user

    @property
    def account_id(self) -> int | None:
        return self.champion.user_id if self.champion_id else self.user_id
