"""Reminders to officers whose application is a draft: scheduled, and a coordinator's one-off."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from applications.reminders import remind_drafts_now
from notifications.models import Email
from tests.factories import ApplicationFactory, CallFactory, UserFactory, submitted
from tests.notifications.test_reminders import NOW, at, bulk_drafts

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return CallFactory(opens_at=NOW - dt.timedelta(days=30), deadline=NOW + dt.timedelta(days=10))


def test_due_draft_reminder_is_sent_once_even_when_scanned_twice(scan, call):
    draft = ApplicationFactory(call=call)
    assert scan(at(6, call.deadline)) == 1
    assert scan(at(6, call.deadline)) == 0
    assert [m.to for m in mail.outbox] == [[draft.applicant.email]]
    assert "not submitted" in mail.outbox[0].subject
    assert reverse("applications:edit", args=[call.slug]) in mail.outbox[0].body


def test_clock_moved_past_each_offset_sends_what_is_due_and_nothing_else(scan, call):
    ApplicationFactory(call=call)
    assert scan(at(8, call.deadline)) == 0
    assert scan(at(6.9, call.deadline)) == 1
    assert scan(at(3, call.deadline)) == 0
    assert scan(at(0.9, call.deadline)) == 1
    assert scan(call.deadline + dt.timedelta(minutes=1)) == 0
    assert sorted(Email.objects.values_list("occasion", flat=True)) == [
        f"draft:{call.pk}:1d",
        f"draft:{call.pk}:7d",
    ]


def test_after_beat_was_down_only_the_latest_reminder_goes_out(scan, call):
    ApplicationFactory(call=call)
    assert scan(at(0.5, call.deadline)) == 1
    assert Email.objects.get().occasion == f"draft:{call.pk}:1d"


def test_submitted_or_withdrawn_applications_get_no_reminder(scan, call):
    submitted(ApplicationFactory(call=call), number=1)
    ApplicationFactory(call=call, state="withdrawn")
    assert scan(at(1, call.deadline)) == 0


def test_offsets_are_configurable_per_call(scan, call):
    call.draft_reminder_days = "3"
    call.save()
    ApplicationFactory(call=call)
    assert scan(at(6, call.deadline)) == 0
    assert scan(at(2, call.deadline)) == 1


def test_every_officer_with_a_draft_gets_one_reminder_about_their_own_call(scan):
    deadline = NOW + dt.timedelta(days=10)
    first = CallFactory(title="Housing first", opens_at=NOW - dt.timedelta(days=30),
                        deadline=deadline)  # fmt: skip
    second = CallFactory(title="Language cafés", opens_at=NOW - dt.timedelta(days=30),
                         deadline=deadline + dt.timedelta(hours=1))  # fmt: skip
    drafts = bulk_drafts(first, 3) + bulk_drafts(second, 2)
    assert scan(at(6, deadline)) == 5
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == sorted(draft.applicant.email for draft in drafts)
    for draft in drafts:
        message = by_recipient[draft.applicant.email]
        assert draft.call.title in message.subject
        assert reverse("applications:edit", args=[draft.call.slug]) in message.body
    assert set(Email.objects.values_list("user_id", flat=True)) == {d.applicant_id for d in drafts}


def test_draft_reminder_text(scan, call, settings):
    settings.SITE_URL = "https://chc.example.org"
    call.title = "Welcoming newcomers"
    call.deadline = dt.datetime(2031, 5, 11, 10, tzinfo=dt.UTC)
    call.save()
    ApplicationFactory(call=call)
    scan(at(6, call.deadline))
    (message,) = mail.outbox
    assert message.subject == "Your application to Welcoming newcomers is not submitted yet"
    assert message.body == (
        "Hello,\n\n"
        "You have started an application to “Welcoming newcomers” but not submitted it yet. "
        "Drafts are not considered.\n\n"
        "Deadline: Sunday 11 May 2031, 12:00 CEST (6\xa0days left)\n\n"
        "Finish and submit it here:\n"
        f"https://chc.example.org/applications/{call.slug}/?lang=en\n\n"  # opens in English
        "The Cities Helping Cities team\n\n"
    )


# --- A coordinator's one-off reminder ------------------------------------------------------------


def remind_url(call) -> str:
    return reverse("admin:applications_remind_drafts", args=[call.pk])


@pytest.fixture
def coordinator(client):
    user = UserFactory(roles=["coordinator"], is_staff=True)
    client.force_login(user)
    return user


def test_coordinator_sends_a_one_off_reminder_and_sees_the_log(
    client, call, coordinator, django_capture_on_commit_callbacks
):
    ApplicationFactory(call=call)
    submitted(ApplicationFactory(call=call), number=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remind_url(call), follow=True)
    assert len(mail.outbox) == 1
    assert "1 reminder queued." in response.content.decode()
    page = client.get(reverse("admin:notifications_email_changelist")).content.decode()
    assert mail.outbox[0].to[0] in page
    assert "Sent" in page


def test_one_off_reminder_asks_first_and_shows_who_receives_it(client, call, coordinator):
    drafts = [ApplicationFactory(call=call), ApplicationFactory(call=call)]
    calls_page = client.get(reverse("admin:applications_draft_calls")).content.decode()
    assert remind_url(call) in calls_page
    page = client.get(remind_url(call)).content.decode()
    assert "These 2 officers get an e-mail" in page
    assert all(draft.applicant.email in page for draft in drafts)
    assert 'method="post"' in page
    assert Email.objects.count() == 0


def test_one_off_reminder_twice_in_a_minute_reaches_each_officer_once(
    client, call, coordinator, django_capture_on_commit_callbacks
):
    ApplicationFactory(call=call)
    ApplicationFactory(call=call)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(remind_url(call), follow=True).content.decode()
        second = client.post(remind_url(call), follow=True).content.decode()
    assert "2 reminders queued." in first
    assert "0 reminders queued." in second
    assert len(mail.outbox) == 2


def test_one_off_reminder_skips_officers_reminded_in_the_last_24_hours(scan, call):
    reminded, fresh = ApplicationFactory(call=call), ApplicationFactory(call=call)
    scan(at(6, call.deadline))  # this morning's scheduled reminder: both drafts
    ApplicationFactory(call=call)  # a draft started since
    with time_machine.travel(at(6, call.deadline) + dt.timedelta(hours=23), tick=False):
        assert remind_drafts_now(call) == 1
    with time_machine.travel(at(6, call.deadline) + dt.timedelta(hours=25), tick=False):
        assert remind_drafts_now(call) == 2
    reminded_emails = Email.objects.filter(occasion__contains="manual")
    assert reminded_emails.filter(recipient=reminded.applicant.email).count() == 1
    assert reminded_emails.filter(recipient=fresh.applicant.email).count() == 1


def test_only_staff_allowed_to_send_reminders_can_open_the_page(client, call):
    client.force_login(UserFactory(roles=["reviewer"], is_staff=True))
    assert client.get(remind_url(call)).status_code == 403
    assert client.post(remind_url(call)).status_code == 403
    assert Email.objects.count() == 0
