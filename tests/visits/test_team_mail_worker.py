"""The team hears of a confirmed visit and of a burst of agenda moves through a real Celery
worker and the real Redis broker: a confirmation at once, then one summary once the agenda has
been quiet, each person exactly two e-mails with the visit's calendar attached."""

import collections
import datetime as dt

import icalendar
import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.urls import reverse

from consolidate.celery import app
from notifications.models import Email
from tests.notifications.test_worker import redis_broker, wait_for  # noqa: F401 - a fixture
from tests.visits.test_team_mail import everyone
from visits.models import VisitChange
from visits.services import confirm_visit
from visits.team_mail import mail_changes

# The worker runs in a thread with its own database connection (Celery's Django fix-up closes
# the test's on PostgreSQL): the test's writes must be committed for it to see them.
pytestmark = pytest.mark.django_db(transaction=True)

QUIET_MINUTES = 0.1  # six seconds: the two moves below are made well within it


@pytest.fixture
def told(planned):
    """The planned visit, its team already told of the team (in-process, before the worker)."""
    mail.outbox.clear()  # the application's own confirmation
    assert mail_changes(planned.pk, at_once=True) == len(everyone(planned))
    assert sorted(message.to[0] for message in mail.outbox) == sorted(everyone(planned))
    mail.outbox.clear()
    return planned


def move(client, item, *, minutes: int) -> None:
    """Move an item on the visit's admin page, as a coordinator does: same day, later start."""
    start = dt.datetime.combine(item.day, item.starts_at) + dt.timedelta(minutes=minutes)
    end = dt.datetime.combine(item.day, item.ends_at) + dt.timedelta(minutes=minutes)
    prefix = f"item{item.pk}"
    fields = {
        "day": item.day.isoformat(), "starts_at": f"{start:%H:%M}", "ends_at": f"{end:%H:%M}",
        "kind": item.kind, "title": item.title, "place": item.place,
        "stakeholders": item.stakeholders, "services": item.services, "notes": item.notes,
        "seen_revision": str(item.revision),
    }  # fmt: skip
    data = {"agenda_action": "save", "item_id": str(item.pk)}
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    response = client.post(reverse("admin:visits_visit_change", args=[item.visit_id]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def broker_idle() -> bool:
    """Nothing waits in the queue and nothing is held by the worker: every task (those with a
    countdown too, which the worker holds unacknowledged until they have run) is done."""
    with app.connection_for_write() as connection:
        client = connection.default_channel.client
        return client.llen("celery") == 0 and client.hlen("unacked") == 0


def test_confirmed_then_two_moves_two_emails_each(told, coordinator, client, settings, request):
    """Confirming a visit, then moving two items within the quiet period: each person gets the
    confirmation at once and one summary of the moves, each with the calendar attached."""
    request.getfixturevalue("redis_broker")  # not eager from here on: the worker runs tasks
    settings.VISIT_CHANGES_QUIET_MINUTES = QUIET_MINUTES
    visit = told
    people = everyone(visit)
    assert len(people) == 5  # two champions, two experts and the host
    earlier = set(Email.objects.values_list("pk", flat=True))

    def delivered() -> int:
        news = Email.objects.exclude(pk__in=earlier)
        return news.filter(state=Email.State.SENT).count()

    client.force_login(coordinator)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        confirm_visit(visit, actor=coordinator)
        assert wait_for(lambda: delivered() >= len(people), timeout=60)  # at once
        move(client, visit.agenda.get(title="Job centre visit"), minutes=30)
        move(client, visit.agenda.get(title="Welcome at city hall"), minutes=30)
        agenda = VisitChange.objects.filter(what=VisitChange.What.AGENDA).order_by("pk")
        first, second = agenda
        assert second.at - first.at < dt.timedelta(minutes=QUIET_MINUTES)  # one burst
        assert wait_for(lambda: delivered() >= 2 * len(people), timeout=120)
        assert wait_for(broker_idle, timeout=120)  # every countdown task has had its turn

    news = Email.objects.exclude(pk__in=earlier)
    assert set(news.values_list("state", "kind")) == {(Email.State.SENT, "visit_changes")}
    assert collections.Counter(news.values_list("recipient", flat=True)) == {
        person: 2 for person in people
    }
    assert not VisitChange.objects.filter(mailed_at__isnull=True).exists()

    # The worker runs in this process, so Django's in-memory outbox holds what it sent.
    assert collections.Counter(message.to[0] for message in mail.outbox) == {
        person: 2 for person in people
    }
    confirmations = [m for m in mail.outbox if "The visit is confirmed" in m.body]
    summaries = [m for m in mail.outbox if "The agenda changed" in m.body]
    assert sorted(m.to[0] for m in confirmations) == sorted(people)
    assert sorted(m.to[0] for m in summaries) == sorted(people)
    for message in summaries:
        assert "The agenda changed: Job centre visit" in message.body
        assert "The agenda changed: Welcome at city hall" in message.body
    for message in mail.outbox:
        ((name, content, kind),) = message.attachments
        assert name.endswith(".ics") and kind == "text/calendar"
        events = icalendar.Calendar.from_ical(content).walk("VEVENT")
        assert {str(event["status"]) for event in events} == {"CONFIRMED"}
    moved = {str(e["summary"]): e.decoded("dtstart") for e in _events(summaries[0])}
    local = {title: start.astimezone(visit.zone) for title, start in moved.items()}
    assert local["Job centre visit"].time() == dt.time(9, 30)
    assert local["Welcome at city hall"].time() == dt.time(13, 30)


def _events(message):
    ((_name, content, _kind),) = message.attachments
    return icalendar.Calendar.from_ical(content).walk("VEVENT")
