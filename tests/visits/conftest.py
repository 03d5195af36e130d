import datetime as dt

import pytest

from champions.models import Champion
from tests.factories import (
    AgendaItemFactory,
    ApplicationFactory,
    CallFactory,
    ChampionWithAccountFactory,
    PreparationSessionFactory,
    ThemeFactory,
    UserFactory,
    VisitFactory,
    submitted,
)
from visits.models import AgendaItem, Visit
from visits.services import schedule_visit, set_team

FIRST_DAY = dt.date(2027, 3, 9)
LAST_DAY = dt.date(2027, 3, 11)


@pytest.fixture
def coordinator():
    return UserFactory(roles=["coordinator"], is_staff=True)


@pytest.fixture
def labour():
    return ThemeFactory(name="Labour market", slug="labour-market")


@pytest.fixture
def housing():
    return ThemeFactory(name="Housing autonomy", slug="housing")


@pytest.fixture
def call(labour, housing):
    return CallFactory(
        themes=[labour, housing],
        visit_window_start=dt.date(2027, 1, 1),
        visit_window_end=dt.date(2027, 6, 30),
    )


@pytest.fixture
def visit(call, labour):
    application = ApplicationFactory(call=call, city="Porto", country="PT", themes=[labour])
    return VisitFactory(application=submitted(application, number=1))


def champion(name, city, themes, *, languages="en", account=True, **extra) -> Champion:
    champion = ChampionWithAccountFactory(
        name=name, city=city, languages=languages, **({} if account else {"user": None}), **extra
    )
    champion.themes.set(themes)
    return champion


def expert():
    return UserFactory(roles=["expert"])


def plan(visit: Visit, themes, *, actor=None) -> Visit:
    """A complete team, the dates, a preparation session and an agenda ending in reflections."""
    actor = actor or UserFactory(roles=["coordinator"], is_staff=True)
    first = champion("Lucía Ortega", "Madrid", themes, languages="es, pt, en")
    second = champion("Jonas Becker", "Dortmund", themes, languages="de, en")
    set_team(visit, [first, second], expert(), expert(), actor=actor)
    schedule_visit(visit, FIRST_DAY, actor=actor)
    PreparationSessionFactory(visit=visit)
    days = [FIRST_DAY, FIRST_DAY + dt.timedelta(days=1), LAST_DAY]
    AgendaItemFactory(
        visit=visit,
        day=days[0],
        starts_at=dt.time(13),
        ends_at=dt.time(18),
        title="Welcome at city hall",
    )
    AgendaItemFactory(
        visit=visit,
        day=days[1],
        starts_at=dt.time(9),
        ends_at=dt.time(17),
        title="Job centre visit",
        kind=AgendaItem.Kind.SITE_VISIT,
        stakeholders="Employers' federation",
        services="Skills check",
    )
    AgendaItemFactory(
        visit=visit,
        day=days[2],
        starts_at=dt.time(9),
        ends_at=dt.time(11),
        title="Closing reflections",
        kind=AgendaItem.Kind.REFLECTION,
        place="Mayor's office",
    )
    visit.refresh_from_db()
    return visit


@pytest.fixture
def planned(visit, labour):
    return plan(visit, [labour])
