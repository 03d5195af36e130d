import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from notifications.models import Email
from notifications.reminders import latest_due_offset, send_due_reminders
from reviews.services import assign_reviewer, declare_conflict, save_scores
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    UserFactory,
    submitted,
)

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2031, 5, 1, 12, tzinfo=dt.UTC)


def at(days_before_deadline: float, deadline: dt.datetime) -> dt.datetime:
    return deadline - dt.timedelta(days=days_before_deadline)


def test_latest_due_offset_picks_the_most_recent_occasion_and_nothing_after_the_deadline():
    deadline = NOW
    assert latest_due_offset(deadline, [7, 1], now=at(8, deadline)) is None
    assert latest_due_offset(deadline, [7, 1], now=at(6.5, deadline)) == 7
    assert latest_due_offset(deadline, [7, 1], now=at(0.5, deadline)) == 1
    assert latest_due_offset(deadline, [7, 1], now=deadline) is None


@pytest.fixture
def call():
    return CallFactory(opens_at=NOW - dt.timedelta(days=30), deadline=NOW + dt.timedelta(days=10))


@pytest.fixture
def scan(django_capture_on_commit_callbacks):
    def run(moment):
        with (
            time_machine.travel(moment, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return send_due_reminders()

    return run


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


def test_reviewers_with_unfinished_reviews_are_reminded_once_per_occasion(scan):
    call = CallFactory(review_deadline=NOW + dt.timedelta(days=20))
    CriterionFactory(call=call)
    coordinator = UserFactory(roles=["coordinator"])
    busy, done = UserFactory(roles=["reviewer"]), UserFactory(roles=["reviewer"])
    for number in (1, 2):
        application = submitted(ApplicationFactory(call=call), number=number)
        assign_reviewer(application, busy, actor=coordinator)
    finished = declare_conflict(assign_reviewer(application, done, actor=coordinator),
                                conflict=False)  # fmt: skip
    save_scores(finished, {call.criteria.get().pk: (call.score_max, "")}, submit=True)
    assert scan(at(2, call.review_deadline)) == 1
    assert scan(at(2, call.review_deadline)) == 0
    email = Email.objects.exclude(kind="submission_confirmation").get()
    assert email.recipient == busy.email
    assert "2 reviews to finish" in email.subject


def test_coordinator_sends_a_one_off_reminder_and_sees_the_log(
    client, call, django_capture_on_commit_callbacks
):
    ApplicationFactory(call=call)
    submitted(ApplicationFactory(call=call), number=1)
    client.force_login(UserFactory(roles=["coordinator"], is_staff=True))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:calls_call_changelist"),
            {"action": "remind_drafts", "_selected_action": [call.pk]},
        )
    assert len(mail.outbox) == 1
    page = client.get(reverse("admin:notifications_email_changelist")).content.decode()
    assert mail.outbox[0].to[0] in page
    assert "Sent" in page


def test_reviewers_cannot_see_the_email_log(client):
    client.force_login(UserFactory(roles=["reviewer"], is_staff=True))
    assert client.get(reverse("admin:notifications_email_changelist")).status_code == 403


def bulk_drafts(call, count: int) -> list[Application]:
    """``count`` drafts by as many officers, stored in two statements rather than one by one."""
    users = get_user_model().objects.bulk_create(UserFactory.build_batch(count))
    return Application.objects.bulk_create(
        ApplicationFactory.build(call=call, applicant=user) for user in users
    )


@pytest.mark.parametrize("count", [1, 1500])
def test_reminder_scan_query_count_does_not_grow(call, django_assert_num_queries, count):
    bulk_drafts(call, count)
    with time_machine.travel(at(6, call.deadline), tick=False), django_assert_num_queries(8):
        assert send_due_reminders() == count
    assert Email.objects.filter(kind="reminder_draft").count() == count


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
        f"https://chc.example.org/applications/{call.slug}/\n\n"
        "The Cities Helping Cities team\n\n"
    )


def test_email_header_cannot_be_split_by_user_text(scan, call):
    call.title = "Call\r\nBcc: victim@example.org"
    call.save()
    ApplicationFactory(call=call)
    scan(at(1, call.deadline))
    message = mail.outbox[0].message()
    assert "Bcc" not in message
    assert timezone.is_aware(Email.objects.get().created_at)
