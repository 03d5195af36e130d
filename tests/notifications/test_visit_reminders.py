import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
import time_machine

from notifications.models import Email
from notifications.reminders import send_due_reminders
from tests.factories import ChampionWithAccountFactory, UserFactory, VisitFactory
from visits.models import Feedback, TeamMember, Visit

pytestmark = pytest.mark.django_db
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
FIRST, LAST = dt.date(2027, 3, 9), dt.date(2027, 3, 11)


def moment(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=BRUSSELS)


@pytest.fixture
def scan(django_capture_on_commit_callbacks):
    def run(when):
        with (
            time_machine.travel(when, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return send_due_reminders()

    return run


@pytest.fixture
def visit():
    visit = VisitFactory(starts_on=FIRST, ends_on=LAST)
    champion = ChampionWithAccountFactory()
    TeamMember.objects.create(visit=visit, role="champion", champion=champion)
    return visit


def test_preparation_reminder_goes_to_host_and_team_14_days_before(scan, visit):
    assert scan(moment(FIRST - dt.timedelta(days=15))) == 0
    assert scan(moment(FIRST - dt.timedelta(days=13))) == 2
    assert scan(moment(FIRST - dt.timedelta(days=12))) == 0
    recipients = set(Email.objects.values_list("recipient", flat=True))
    assert visit.application.applicant.email in recipients
    assert visit.team.get().email in recipients


def test_confirmed_visit_needs_no_preparation_reminder(scan, visit):
    Visit.objects.filter(pk=visit.pk).update(state=Visit.State.CONFIRMED)
    assert scan(moment(FIRST - dt.timedelta(days=13))) == 0


def claimed(visit):
    """The claim is in, so only the questionnaire can be due."""
    from visits.models import LumpSumClaim

    LumpSumClaim.objects.create(visit=visit, state="submitted", cap=Decimal("3400.00"))


def test_feedback_reminder_after_2_and_10_days_while_unanswered(scan, visit):
    Visit.objects.filter(pk=visit.pk).update(state=Visit.State.DONE)
    claimed(visit)
    day_after = LAST + dt.timedelta(days=1)
    assert scan(moment(day_after + dt.timedelta(days=1))) == 0
    assert scan(moment(day_after + dt.timedelta(days=2))) == 1
    assert scan(moment(day_after + dt.timedelta(days=5))) == 0
    assert scan(moment(day_after + dt.timedelta(days=10))) == 1
    occasions = sorted(
        Email.objects.exclude(kind="submission_confirmation").values_list("occasion", flat=True)
    )
    assert occasions == [f"reminder_feedback:{visit.pk}:10d", f"reminder_feedback:{visit.pk}:2d"]


def test_answered_questionnaire_stops_the_reminders(scan, visit):
    Visit.objects.filter(pk=visit.pk).update(state=Visit.State.DONE)
    claimed(visit)
    Feedback.objects.create(visit=visit, insights=5, energised=4, connections=4,
                            most_useful="x", next_steps="y",
                            submitted_by=UserFactory())  # fmt: skip
    assert scan(moment(LAST + dt.timedelta(days=12))) == 0


def test_claim_reminder_after_7_and_30_days_until_a_claim_is_submitted(scan, visit):
    from visits.models import LumpSumClaim

    Visit.objects.filter(pk=visit.pk).update(state=Visit.State.DONE)
    day_after = LAST + dt.timedelta(days=1)
    assert scan(moment(day_after + dt.timedelta(days=6))) == 1  # the feedback reminder only
    assert scan(moment(day_after + dt.timedelta(days=7))) == 1
    assert Email.objects.filter(kind="reminder_claim").count() == 1
    LumpSumClaim.objects.create(visit=visit, state="submitted", cap=Decimal("3400.00"))
    scan(moment(day_after + dt.timedelta(days=31)))
    assert Email.objects.filter(kind="reminder_claim").count() == 1
