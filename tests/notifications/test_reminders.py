"""The beat scan: every registered reminder, queued at once, each occasion mailed once."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from consolidate import registry
from notifications.models import Email
from notifications.reminders import latest_due_offset, latest_passed_offset, send_due_reminders
from notifications.services import Message
from tests.factories import ApplicationFactory, CallFactory, UserFactory

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


def test_latest_passed_offset_picks_the_latest_occasion_after_the_event():
    start = NOW
    assert latest_passed_offset(start, [10, 2], now=start + dt.timedelta(days=1)) is None
    assert latest_passed_offset(start, [10, 2], now=start + dt.timedelta(days=3)) == 2
    assert latest_passed_offset(start, [10, 2], now=start + dt.timedelta(days=30)) == 10


def test_every_app_registers_its_reminders():
    assert set(registry.reminders) == {
        "drafts", "reviews", "visit_preparation", "visit_feedback", "visit_claims",
    }  # fmt: skip


def test_the_scan_queues_what_every_registered_reminder_finds_due(monkeypatch, scan):
    asked = []

    def reminder(name):
        def scan_one(*, now):
            asked.append((name, now))
            return [Message(kind="test", recipient=f"{name}@example.org", occasion=name,
                            subject=name, body="")]  # fmt: skip

        return scan_one

    monkeypatch.setattr(registry, "reminders", {"b": reminder("b"), "a": reminder("a")})
    assert scan(NOW) == 2
    assert scan(NOW) == 0
    assert asked == [("a", NOW), ("b", NOW)] * 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]


@pytest.fixture
def call():
    return CallFactory(opens_at=NOW - dt.timedelta(days=30), deadline=NOW + dt.timedelta(days=10))


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


def test_email_header_cannot_be_split_by_user_text(scan, call):
    call.title = "Call\r\nBcc: victim@example.org"
    call.save()
    ApplicationFactory(call=call)
    scan(at(1, call.deadline))
    message = mail.outbox[0].message()
    assert "Bcc" not in message
    assert timezone.is_aware(Email.objects.get().created_at)
