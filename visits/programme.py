"""A visit's programme as its pages, its PDF and its calendar show it, loaded in a few queries."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch

from .models import AgendaItem, PreparationSession, TeamMember, Visit


@dataclass
class Programme:
    visit: Visit
    team: list[TeamMember]
    sessions: list[PreparationSession]
    items: list[AgendaItem]

    @property
    def champions(self) -> list[TeamMember]:
        return [member for member in self.team if member.role == TeamMember.Role.CHAMPION]

    @property
    def experts(self) -> list[TeamMember]:
        return [member for member in self.team if member.role != TeamMember.Role.CHAMPION]

    @property
    def days(self) -> list[tuple[dt.date, list[AgendaItem]]]:
        """Each day of the visit with its items; a day outside the dates shows up too."""
        days = sorted(set(self.visit.days) | {item.day for item in self.items})
        return [(day, [item for item in self.items if item.day == day]) for day in days]

    def days_from(self, today: dt.date) -> list[tuple[dt.date, list[AgendaItem]]]:
        """The days, today's first while the visit is on: what a champion on the road needs."""
        days = self.days
        if today not in self.visit.days:
            return days
        return [day for day in days if day[0] == today] + [day for day in days if day[0] != today]


def programmes_of(visits) -> list[Programme]:
    """The programmes of many visits, in four queries whatever their number."""
    team = TeamMember.objects.select_related("champion", "user").order_by("role", "pk")
    visits = visits.prefetch_related(Prefetch("team", queryset=team), "sessions", "agenda")
    return [
        Programme(visit=visit, team=list(visit.team.all()), sessions=list(visit.sessions.all()),
                  items=list(visit.agenda.all()))
        for visit in visits
    ]  # fmt: skip


def programme_of(visit: Visit) -> Programme:
    return Programme(
        visit=visit,
        team=list(visit.team.select_related("champion", "user").order_by("role", "pk")),
        sessions=list(visit.sessions.all()),
        items=list(visit.agenda.all()),
    )
