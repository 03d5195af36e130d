import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest

from notifications.models import Email
from tests.factories import ChampionWithAccountFactory, UserFactory, VisitFactory
from visits.claims.models import LumpSumClaim
from visits.models import Feedback, TeamMember, Visit

pytestmark = pytest.mark.django_db
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
FIRST, LAST = dt.date(2027, 3, 9), dt.date(2027, 3, 11)


def moment(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=BRUSSELS)


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
    Visit.objects.filter(pk=visit.pk).update(state=Visit.State.DONE)
    day_after = LAST + dt.timedelta(days=1)
    assert scan(moment(day_after + dt.timedelta(days=6))) == 1  # the feedback reminder only
    assert scan(moment(day_after + dt.timedelta(days=7))) == 1
    reminder = Email.objects.get(kind="reminder_claim")
    # Money as every page writes it, in the subject and the text alike.
    assert "up to EUR 3,400.00" in reminder.subject and "up to EUR 3,400.00" in reminder.body
    LumpSumClaim.objects.create(visit=visit, state="submitted", cap=Decimal("3400.00"))
    scan(moment(day_after + dt.timedelta(days=31)))
    assert Email.objects.filter(kind="reminder_claim").count() == 1


def test_claim_sent_back_for_changes_is_reminded(scan, visit):
    Visit.objects.filter(pk=visit.pk).update(state=Visit.State.DONE)
    LumpSumClaim.objects.create(visit=visit, state="changes_requested", cap=Decimal("3400.00"))
    assert scan(moment(LAST + dt.timedelta(days=8))) == 2  # the questionnaire's and the claim's
    assert Email.objects.filter(kind="reminder_claim").get().occasion == (
        f"reminder_claim:{visit.pk}:7d"
    )


@pytest.mark.parametrize("state", ["submitted", "approved"])
def test_claim_with_the_coordinators_is_not_reminded(scan, visit, state):
    Visit.objects.filter(pk=visit.pk).update(state=Visit.State.DONE)
    LumpSumClaim.objects.create(visit=visit, state=state, cap=Decimal("3400.00"),
                                approved_amount=Decimal("1.00"))  # fmt: skip
    scan(moment(LAST + dt.timedelta(days=31)))
    assert not Email.objects.filter(kind="reminder_claim").exists()


def test_feedback_reminder_follows_the_visits_own_day(scan, visit):
    """On the first morning after the visit in its zone, while it is still the last day in UTC."""
    call = visit.call
    call.feedback_reminder_days, call.claim_reminder_days = "0", "30"
    call.save()
    # The visit's own zone counts, not the call's (UTC+14).
    Visit.objects.filter(pk=visit.pk).update(state=Visit.State.DONE, time_zone="Pacific/Kiritimati")
    kiritimati = zoneinfo.ZoneInfo("Pacific/Kiritimati")
    early = dt.datetime.combine(LAST + dt.timedelta(days=1), dt.time(1), tzinfo=kiritimati)
    assert early.astimezone(dt.UTC).date() == LAST
    assert not Visit.objects.get(pk=visit.pk).feedback_refusal(early)
    assert scan(early) == 1
    assert Email.objects.exclude(kind="submission_confirmation").get().kind == "reminder_feedback"
