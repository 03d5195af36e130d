import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import IntegrityError
from django.utils import timezone

from calls.models import Call
from tests.factories import CallFactory

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
pytestmark = pytest.mark.django_db


def test_call_phase_open_between_opening_and_deadline():
    call = CallFactory()
    assert call.phase() == Call.Phase.OPEN
    assert call.is_open()


def test_call_phase_follows_state_and_time():
    now = timezone.now()
    assert CallFactory(state=Call.State.DRAFT).phase() == Call.Phase.DRAFT
    assert CallFactory(state=Call.State.ARCHIVED).phase() == Call.Phase.ARCHIVED
    upcoming = CallFactory(opens_at=now + dt.timedelta(days=1), deadline=now + dt.timedelta(days=9))
    assert upcoming.phase() == Call.Phase.UPCOMING
    closed = CallFactory(opens_at=now - dt.timedelta(days=9), deadline=now - dt.timedelta(days=1))
    assert closed.phase() == Call.Phase.CLOSED
    assert closed.time_left() is None


@pytest.mark.parametrize(
    ("deadline", "offset_hours"),
    [
        (dt.datetime(2025, 6, 6, 17, 0, tzinfo=BRUSSELS), 2),  # summer: CEST, UTC+2
        (dt.datetime(2025, 12, 5, 17, 0, tzinfo=BRUSSELS), 1),  # winter: CET, UTC+1
    ],
)
def test_deadline_enforced_at_the_local_instant_across_daylight_saving(deadline, offset_hours):
    call = CallFactory(opens_at=deadline - dt.timedelta(days=60), deadline=deadline)
    utc_instant = dt.datetime(
        deadline.year, deadline.month, deadline.day, 17 - offset_hours, tzinfo=dt.UTC
    )
    assert call.deadline == utc_instant
    assert call.is_open(at=utc_instant - dt.timedelta(seconds=1))
    assert not call.is_open(at=utc_instant)


def test_open_queryset_matches_is_open():
    with time_machine.travel(dt.datetime(2025, 6, 6, 14, 59, 59, tzinfo=dt.UTC), tick=False):
        call = CallFactory(
            opens_at=dt.datetime(2025, 4, 1, tzinfo=BRUSSELS),
            deadline=dt.datetime(2025, 6, 6, 17, 0, tzinfo=BRUSSELS),
        )
        assert list(Call.objects.open()) == [call]
    with time_machine.travel(dt.datetime(2025, 6, 6, 15, 0, 0, tzinfo=dt.UTC), tick=False):
        assert list(Call.objects.open()) == []


def test_database_refuses_deadline_before_opening():
    now = timezone.now()
    with pytest.raises(IntegrityError):
        CallFactory(opens_at=now, deadline=now - dt.timedelta(hours=1))


def test_database_refuses_zero_places():
    with pytest.raises(IntegrityError):
        CallFactory(places=0)


def test_database_refuses_negative_lump_sum():
    with pytest.raises(IntegrityError):
        CallFactory(lump_sum=-1)


def test_zone_city_is_readable():
    assert CallFactory(time_zone="America/New_York").zone_city == "New York"
