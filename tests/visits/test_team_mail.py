"""The team and the host are told what changed: one e-mail per person per burst of changes,
with the visit's calendar attached, through the outbox, exactly once."""

import contextlib
import datetime as dt

import icalendar
import pytest
import time_machine
from django.core import mail

from notifications.models import Email
from people.preferences import remember
from tests.visits.conftest import champion
from visits.models import TeamMember, VisitChange
from visits.services import cancel_visit, confirm_visit, set_team
from visits.tasks import send_quiet_visit_changes
from visits.team_mail import mail_changes

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2027, 2, 1, 9, 0, tzinfo=dt.UTC)


def everyone(visit) -> set[str]:
    team = {member.email for member in visit.team.select_related("champion", "user")}
    return team | {visit.application.applicant.email}


def sent_to() -> list[str]:
    return sorted(message.to[0] for message in mail.outbox)


def attached_calendar(message) -> icalendar.Calendar:
    ((name, content, kind),) = message.attachments
    assert name == "visit-porto.ics" and kind == "text/calendar"
    return icalendar.Calendar.from_ical(content)


@pytest.fixture
def told(planned, django_capture_on_commit_callbacks):
    """The planned visit, its team already told of the team (the e-mails then cleared)."""
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False),\
         django_capture_on_commit_callbacks(execute=True):  # fmt: skip
        assert send_quiet_visit_changes() == len(everyone(planned))
    assert sent_to() == sorted(everyone(planned))
    assert all("The team changed" in message.body for message in mail.outbox)
    mail.outbox.clear()
    return planned


def test_confirming_then_moving_two_items_makes_two_emails_each(
    told, coordinator, django_capture_on_commit_callbacks
):
    visit = told
    start = T0 + dt.timedelta(days=1)

    def at(seconds: int):
        """At a moment after ``start``, running what waits for the commit (e-mails, tasks)."""
        stack = contextlib.ExitStack()
        stack.enter_context(time_machine.travel(start + dt.timedelta(seconds=seconds), tick=False))
        stack.enter_context(django_capture_on_commit_callbacks(execute=True))
        return stack

    with at(0):
        confirm_visit(visit, actor=coordinator)
    assert sent_to() == sorted(everyone(visit))  # the confirmation leaves at once
    for seconds, title in ((20, "Job centre visit"), (40, "Welcome at city hall")):
        with at(seconds):
            item = visit.agenda.get(title=title)
            item.starts_at = dt.time(item.starts_at.hour, 30)
            item.save()
    with at(120):
        assert send_quiet_visit_changes() == 0  # still within the quiet period
    assert len(mail.outbox) == len(everyone(visit))
    with at(400):
        assert send_quiet_visit_changes() == len(everyone(visit))
    with at(500):
        assert send_quiet_visit_changes() == 0  # exactly once
        assert mail_changes(visit.pk, at_once=True) == 0
    assert sent_to() == sorted([*everyone(visit), *everyone(visit)])  # two each
    summaries = [message for message in mail.outbox if "agenda changed" in message.body]
    assert len(summaries) == len(everyone(visit))
    body = summaries[0].body
    assert "The agenda changed: Job centre visit" in body
    assert "The agenda changed: Welcome at city hall" in body
    for message in mail.outbox:
        events = attached_calendar(message).walk("VEVENT")
        assert {str(event["status"]) for event in events} == {"CONFIRMED"}
    assert Email.objects.filter(kind="visit_changes").count() == 3 * len(everyone(visit))


def test_changes_while_planning_are_not_news_but_a_cancellation_is(
    told, coordinator, django_capture_on_commit_callbacks
):
    visit = told
    with django_capture_on_commit_callbacks(execute=True):
        item = visit.agenda.first()
        item.title = "Renamed while planning"
        item.save()
        assert not VisitChange.objects.filter(mailed_at__isnull=True).exists()
        cancel_visit(visit, actor=coordinator)
    assert sent_to() == sorted(everyone(visit))
    message = mail.outbox[0]
    assert message.subject == "The visit to Porto is cancelled"
    events = attached_calendar(message).walk("VEVENT")
    assert events and {str(event["status"]) for event in events} == {"CANCELLED"}


def test_someone_taken_off_the_team_is_told_too(
    told, coordinator, labour, django_capture_on_commit_callbacks
):
    visit = told
    members = visit.team.select_related("champion", "user")
    experts = {m.role: m.user for m in members if m.role != TeamMember.Role.CHAMPION}
    kept, dropped = [m.champion for m in members if m.role == TeamMember.Role.CHAMPION]
    newcomer = champion("Mira", "Graz", [labour])
    visit.state = "planning"
    with django_capture_on_commit_callbacks(execute=True):
        with time_machine.travel(T0 + dt.timedelta(days=2), tick=False):
            set_team(visit, [kept, newcomer], experts[TeamMember.Role.NETWORK_EXPERT],
                     experts[TeamMember.Role.PARTNER_EXPERT], actor=coordinator)  # fmt: skip
        with time_machine.travel(T0 + dt.timedelta(days=2, minutes=10), tick=False):
            send_quiet_visit_changes()
    assert dropped.email in sent_to() and newcomer.email in sent_to()
    farewell = next(message for message in mail.outbox if message.to == [dropped.email])
    assert "You are no longer on the team of this visit." in farewell.body
    welcome = next(message for message in mail.outbox if message.to == [newcomer.email])
    assert "You are no longer" not in welcome.body and "Mira" in welcome.body


def test_each_person_reads_the_email_in_their_language(
    planned, coordinator, django_capture_on_commit_callbacks
):
    member = planned.team.filter(role=TeamMember.Role.NETWORK_EXPERT).get().user
    remember(member, language="fr")
    with (
        time_machine.travel(T0 + dt.timedelta(hours=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_quiet_visit_changes()
    french = next(message for message in mail.outbox if message.to == [member.email])
    english = next(message for message in mail.outbox if message.to != [member.email])
    assert "mardi 9 mars 2027" in french.body  # Django's own words for the day, in French
    assert "Tuesday 9 March 2027" in english.body
