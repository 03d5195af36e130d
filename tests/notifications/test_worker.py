"""Reminders and e-mails through a real Celery worker and the real Redis broker."""

import datetime as dt
import os
import time

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import OperationalError

from consolidate.celery import app
from notifications.models import Email
from notifications.reminders import send_due_reminders
from notifications.tasks import deliver_email, send_pending_emails
from tests.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db(transaction=True)
REDIS_URL = os.environ.get("REDIS_URL", "")


def use_broker(url: str) -> None:
    """Point the app at ``url``, dropping connections and producers made for another broker.
    Celery reads CELERY_BROKER_URL from the environment before its settings (CI sets it)."""
    os.environ["CELERY_BROKER_URL"] = url
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_broker():
    if not REDIS_URL.startswith("redis://"):
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the worker tests against Redis (set REDIS_URL).")
        pytest.skip("needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0")
    previous = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.update(task_always_eager=False, broker_transport_options={})
    use_broker(REDIS_URL)
    with app.connection_for_write() as connection:
        connection.default_channel.client.flushdb()
    yield
    app.conf.task_always_eager = previous[1]
    use_broker(previous[0])


@pytest.fixture
def worker(redis_broker):
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def wait_for(condition, timeout=20.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if condition():
                return True
        except OperationalError:  # SQLite's in-memory test database: the worker holds the table
            pass
        time.sleep(0.1)
    return condition()


def sent() -> int:
    return Email.objects.filter(state=Email.State.SENT).count()


def test_due_reminder_is_sent_once_by_the_worker(worker):
    call = CallFactory(deadline=dt.datetime.now(dt.UTC) + dt.timedelta(hours=12))
    ApplicationFactory(call=call)
    assert send_due_reminders() == 1
    assert send_due_reminders() == 0
    assert wait_for(lambda: sent() == 1)
    time.sleep(0.5)
    assert len(mail.outbox) == 1


def test_a_task_delivered_twice_sends_once(worker):
    call = CallFactory(deadline=dt.datetime.now(dt.UTC) + dt.timedelta(hours=12))
    ApplicationFactory(call=call)
    send_due_reminders()
    email = Email.objects.get()
    deliver_email.delay(email.pk)
    deliver_email.delay(email.pk)
    assert wait_for(lambda: sent() == 1)
    time.sleep(1)
    assert len(mail.outbox) == 1


def test_broker_down_at_submission_loses_no_confirmation(redis_broker, client):
    from applications.models import Application
    from tests.applications.test_views import form_data
    from tests.factories import UserFactory

    use_broker("redis://127.0.0.1:1/0")  # nothing listens there
    call = CallFactory()
    officer = UserFactory(roles=["applicant"])
    client.force_login(officer)
    response = client.post(f"/applications/{call.slug}/", form_data(call, action="submit"))
    assert response.status_code == 302
    assert Application.objects.get(applicant=officer).reference
    assert set(Email.objects.values_list("state", flat=True)) == {Email.State.PENDING}
    assert Email.objects.count() == 2  # the account's address and the one on the form

    use_broker(REDIS_URL)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        with time_machine.travel(dt.timedelta(minutes=2)):
            assert send_pending_emails() >= 1  # the sweep hands on what the broker missed
        assert wait_for(lambda: sent() == 2)
    time.sleep(0.5)
    assert len(mail.outbox) == 2  # each once
    assert mail.outbox[0].attachments[0][0].endswith("-receipt.pdf")


def test_every_kind_of_reminder_is_sent_exactly_once_by_the_worker(worker):
    from applications.models import Application
    from reviews.services import assign_reviewer
    from tests.factories import (
        ChampionWithAccountFactory,
        CriterionFactory,
        UserFactory,
        VisitFactory,
        submitted,
    )
    from visits.models import TeamMember, Visit

    now = dt.datetime.now(dt.UTC)
    call = CallFactory(
        deadline=now + dt.timedelta(hours=12), review_deadline=now + dt.timedelta(hours=20)
    )
    CriterionFactory(call=call)
    ApplicationFactory(call=call)  # a draft
    reviewed = submitted(ApplicationFactory(call=call), number=1)
    assign_reviewer(reviewed, UserFactory(roles=["reviewer"]), actor=UserFactory())
    today = dt.date.today()
    soon = VisitFactory(
        starts_on=today + dt.timedelta(days=10), ends_on=today + dt.timedelta(days=12)
    )
    TeamMember.objects.create(visit=soon, role="champion", champion=ChampionWithAccountFactory())
    VisitFactory(
        starts_on=today - dt.timedelta(days=11), ends_on=today - dt.timedelta(days=9),
        state=Visit.State.DONE,
    )  # fmt: skip
    expected = {"reminder_draft": 1, "reminder_review": 1, "reminder_visit": 2,
                "reminder_feedback": 1, "reminder_claim": 1}  # fmt: skip
    total = sum(expected.values())
    assert send_due_reminders() == total
    assert send_due_reminders() == 0
    # Besides the reminders, each submitted application's confirmation goes out once too.
    confirmations = Application.objects.submitted().count()
    assert wait_for(lambda: sent() == total + confirmations)
    kinds = list(Email.objects.values_list("kind", flat=True))
    assert {kind: kinds.count(kind) for kind in set(kinds)} == {
        **expected, "submission_confirmation": confirmations,
    }  # fmt: skip
    time.sleep(0.5)
    assert len(mail.outbox) == total + confirmations


def test_a_scan_hands_its_emails_to_the_broker_500_a_message_and_each_is_sent_once(
    redis_broker,
):
    from tests.notifications.test_reminders import bulk_drafts

    call = CallFactory(deadline=dt.datetime.now(dt.UTC) + dt.timedelta(hours=12))
    bulk_drafts(call, 501)
    assert send_due_reminders() == 501
    with app.connection_for_write() as connection:
        assert connection.default_channel.client.llen("celery") == 2
    # Wait on the outbox, not the database: the test's queries would compete with the worker's
    # writes for SQLite's lock.
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert wait_for(lambda: len(mail.outbox) >= 501, timeout=120)
    assert sent() == 501
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        Email.objects.values_list("recipient", flat=True)
    )


def test_an_italian_officer_is_reminded_in_italian_by_the_worker(worker):
    """Beat's scan run by the worker, whose own language is the site's: the reminder is still
    written in the officer's Italian (subject, dates, link)."""
    from django.template.loader import render_to_string
    from django.utils import translation
    from django.utils.dateformat import format as format_date

    from consolidate.templatetags.formats import long_moment
    from notifications.tasks import send_due_reminders as scan_task
    from people.preferences import remember
    from tests.factories import UserFactory

    call = CallFactory(deadline=dt.datetime.now(dt.UTC) + dt.timedelta(hours=12))
    officer = UserFactory(roles=["applicant"])
    remember(officer, language="it")
    ApplicationFactory(call=call, applicant=officer)

    scan_task.delay()
    assert wait_for(lambda: sent() == 1)
    time.sleep(0.5)

    (message,) = mail.outbox
    assert Email.objects.get().language == "it"
    with translation.override("it"):
        subject = render_to_string("email/reminder_draft_subject.txt", {"call": call}).strip()
        deadline = long_moment(call.deadline, call.zone)
        month = format_date(call.deadline.astimezone(call.zone), "F").lower()
    with translation.override("en"):
        english_month = format_date(call.deadline.astimezone(call.zone), "F")
    assert message.subject == subject
    assert deadline in message.body  # "mercoledì 2 dicembre 2026, 21:00 CET"
    assert month in message.body and english_month not in message.body
    assert "?lang=it" in message.body
