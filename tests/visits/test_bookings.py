"""Nobody is on two visits whose days overlap: the service says which visit is in the way, and
on PostgreSQL the database refuses it too, even for two coordinators saving at once."""

import datetime as dt
import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction

from consolidate.refusals import Refused
from tests.factories import ApplicationFactory, UserFactory, VisitFactory, submitted
from tests.visits.conftest import champion, expert
from tests.visits.test_admin import change_url, visit_form
from visits.models import TeamMember, Visit
from visits.services import cancel_visit, reopen_visit, schedule_visit, set_team

pytestmark = pytest.mark.django_db

CLASH = "Lucía is already on the visit to Porto from 9 March 2027 to 11 March 2027."


def visit_to(call, city, labour, number=2) -> Visit:
    application = ApplicationFactory(call=call, city=city, country="FI", themes=[labour])
    return VisitFactory(application=submitted(application, number=number))


@pytest.fixture
def lucia(labour):
    return champion("Lucía", "Madrid", [labour])


@pytest.fixture
def porto(visit, lucia, labour, coordinator):
    """Porto, 9 to 11 March 2027, with Lucía on its team."""
    set_team(visit, [lucia, champion("Jonas", "Bonn", [labour])], actor=coordinator)
    return schedule_visit(visit, dt.date(2027, 3, 9), actor=coordinator)


def test_a_champion_on_a_visit_cannot_join_one_on_the_same_days(
    porto, call, labour, lucia, coordinator
):
    helsinki = schedule_visit(visit_to(call, "Helsinki", labour), dt.date(2027, 3, 11),
                              actor=coordinator)  # fmt: skip
    with pytest.raises(Refused) as refusal:
        set_team(helsinki, [lucia, champion("Ana", "Sevilla", [labour])], actor=coordinator)
    assert refusal.value.problems == [CLASH]
    assert not helsinki.team.exists()


def test_moving_a_visit_onto_a_team_members_other_visit_is_refused(
    porto, call, labour, lucia, coordinator
):
    helsinki = visit_to(call, "Helsinki", labour)
    set_team(helsinki, [lucia, champion("Ana", "Sevilla", [labour])], actor=coordinator)
    schedule_visit(helsinki, dt.date(2027, 3, 12), actor=coordinator)  # the day after: fine
    with pytest.raises(Refused) as refusal:
        schedule_visit(helsinki, dt.date(2027, 3, 7), actor=coordinator)
    assert refusal.value.problems == [CLASH]
    helsinki.refresh_from_db()
    assert helsinki.starts_on == dt.date(2027, 3, 12)


def test_an_expert_is_booked_like_a_champion(visit, call, labour, coordinator):
    busy = expert()
    set_team(visit, [], busy, actor=coordinator)
    schedule_visit(visit, dt.date(2027, 3, 9), actor=coordinator)
    helsinki = schedule_visit(visit_to(call, "Helsinki", labour), dt.date(2027, 3, 10),
                              actor=coordinator)  # fmt: skip
    with pytest.raises(Refused, match="is already on the visit to Porto"):
        set_team(helsinki, [], None, busy, actor=coordinator)


def test_a_cancelled_visit_frees_its_days_and_cannot_take_them_back(
    porto, call, labour, lucia, coordinator
):
    cancel_visit(porto, actor=coordinator)
    helsinki = schedule_visit(visit_to(call, "Helsinki", labour), dt.date(2027, 3, 10),
                              actor=coordinator)  # fmt: skip
    set_team(helsinki, [lucia, champion("Ana", "Sevilla", [labour])], actor=coordinator)
    with pytest.raises(Refused) as refusal:
        reopen_visit(porto, actor=coordinator)
    assert refusal.value.problems == [
        "Lucía is already on the visit to Helsinki from 10 March 2027 to 12 March 2027."
    ]
    porto.refresh_from_db()
    assert porto.state == Visit.State.CANCELLED


def test_the_admin_says_who_is_away_beside_the_dates(client, porto, call, labour, lucia):
    helsinki = visit_to(call, "Helsinki", labour)
    coordinator = UserFactory(roles=["coordinator"], is_staff=True)
    set_team(helsinki, [lucia, champion("Ana", "Sevilla", [labour])], actor=coordinator)
    client.force_login(coordinator)
    response = client.post(change_url(helsinki), visit_form(starts_on="2027-03-10"))
    page = response.content.decode()
    assert response.status_code == 200
    assert CLASH in page and 'value="2027-03-10"' in page
    helsinki.refresh_from_db()
    assert helsinki.starts_on is None


def test_postgresql_refuses_an_overlap_written_past_the_service(postgres, porto, call, labour):
    helsinki = schedule_visit(visit_to(call, "Helsinki", labour), dt.date(2027, 3, 10),
                              actor=UserFactory())  # fmt: skip
    lucia = porto.team.get(champion__name="Lucía").champion
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMember.objects.create(
            visit=helsinki, role=TeamMember.Role.CHAMPION, champion=lucia,
            booked_from=helsinki.starts_on, booked_until=helsinki.ends_on,
        )  # fmt: skip


def _wait_for_a_blocked_transaction(deadline: float = 20.0) -> None:
    """Until another connection waits on a lock (bounded; the test fails otherwise)."""
    end = time.monotonic() + deadline
    with connection.cursor() as cursor:
        while time.monotonic() < end:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    pytest.fail("the second save never waited for the first")


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_booking_one_champion_at_once(postgres, call, labour):
    """The first save holds its transaction open; the second passes the service's check (it
    cannot see the first's rows yet) and waits on the constraint; when the first commits, the
    second is refused with the message, and the database holds one booking."""
    coordinator = UserFactory(roles=["coordinator"])
    lucia = champion("Lucía", "Madrid", [labour])
    porto, helsinki = (
        schedule_visit(visit_to(call, city, labour, number=n), dt.date(2027, 3, 9 + n),
                       actor=coordinator)
        for n, city in ((0, "Porto"), (1, "Helsinki"))
    )  # fmt: skip
    first_holds, commit_first, outcomes = threading.Event(), threading.Event(), {}

    def first():
        try:
            with transaction.atomic():
                set_team(porto, [lucia, champion("Jonas", "Bonn", [labour])], actor=coordinator)
                first_holds.set()
                commit_first.wait(30)
            outcomes["first"] = "saved"
        finally:
            connection.close()

    def second():
        try:
            first_holds.wait(30)
            set_team(helsinki, [lucia, champion("Ana", "Sevilla", [labour])], actor=coordinator)
            outcomes["second"] = "saved"
        except Refused as refusal:
            outcomes["second"] = refusal.problems
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_holds.wait(30)
    _wait_for_a_blocked_transaction()
    commit_first.set()
    for thread in threads:
        thread.join(30)
    assert outcomes == {
        "first": "saved",
        "second": ["Lucía is already on the visit to Porto from 9 March 2027 to 11 March 2027."],
    }
    assert TeamMember.objects.filter(champion=lucia).count() == 1
