"""No one is on two visits whose days overlap.

Each team member holds their visit's days (``TeamMember.booked_from`` / ``booked_until``) while
the visit is planned or confirmed and has dates. On PostgreSQL an exclusion constraint refuses
a second overlapping row for one person, even when two coordinators save at the same moment
(migration 0004); on every database ``clashes`` finds the other visit first, so the coordinator
reads which visit is in the way.
"""

import datetime as dt
from collections.abc import Callable, Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from consolidate.refusals import Refused
from consolidate.templatetags import formats

from .models import TeamMember, Visit

HOLDING = (Visit.State.PLANNING, Visit.State.CONFIRMED)


def held_days(visit: Visit, state: str | None = None) -> tuple[dt.date | None, dt.date | None]:
    """The days the visit holds its team for: none once cancelled or done, or without dates."""
    if (state or visit.state) not in HOLDING or not (visit.starts_on and visit.ends_on):
        return None, None
    return visit.starts_on, visit.ends_on


def clashes(visit: Visit, people: Iterable, starts_on, ends_on) -> list[str]:
    """Why these people (champions and users) cannot hold ``starts_on``–``ends_on`` for
    ``visit``: each other visit of theirs on one of those days, named."""
    if not (starts_on and ends_on):
        return []
    champions = [person.pk for person in people if person._meta.model_name == "champion"]
    users = [person.pk for person in people if person._meta.model_name != "champion"]
    others = (
        TeamMember.objects.filter(Q(champion__in=champions) | Q(user__in=users))
        .filter(booked_from__lte=ends_on, booked_until__gte=starts_on)
        .exclude(visit=visit)
        .select_related("visit__application", "champion", "user")
        .order_by("booked_from", "pk")
    )
    return [
        _("%(name)s is already on the visit to %(city)s from %(start)s to %(end)s.")
        % {"name": other.name, "city": other.visit.application.city,
           "start": formats.day(other.booked_from), "end": formats.day(other.booked_until)}
        for other in others
    ]  # fmt: skip


def people_of(visit: Visit) -> list:
    members = visit.team.select_related("champion", "user")
    return [member.champion or member.user for member in members]


def refuse_clashes(visit: Visit, people: Iterable, starts_on, ends_on) -> None:
    problems = clashes(visit, list(people), starts_on, ends_on)
    if problems:
        raise Refused(*problems)


def guarded(visit: Visit, people: Iterable, write: Callable, days=None):
    """Run ``write`` (which books days); a clash the database finds becomes a Refused that
    names the other visit. Another transaction may have booked the person meanwhile."""
    starts_on, ends_on = days or held_days(visit)
    try:
        with transaction.atomic():
            return write()
    except IntegrityError as error:
        problems = clashes(visit, list(people), starts_on, ends_on)
        if problems:
            raise Refused(*problems) from error
        raise


def book_days(visit: Visit) -> None:
    """Copy the days the visit now holds onto its team; refuse if someone is already away."""
    starts_on, ends_on = held_days(visit)
    people = people_of(visit)
    refuse_clashes(visit, people, starts_on, ends_on)
    guarded(visit, people,
            lambda: visit.team.update(booked_from=starts_on, booked_until=ends_on))  # fmt: skip
