import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.core import mail

from notifications.models import Email
from notifications.services import Message, insert_new, queue_email, queue_emails
from notifications.tasks import MAX_ATTEMPTS, deliver_email, deliver_emails, send_pending_emails

pytestmark = pytest.mark.django_db


def outbox_email(**changes) -> Email:
    message = Message(kind="test", recipient="a@example.org", occasion="once", subject="S",
                      body="B")  # fmt: skip
    (email_id,) = queue_email(message)
    Email.objects.filter(pk=email_id).update(**changes)
    return Email.objects.get(pk=email_id)


def test_an_occasion_is_queued_only_once():
    outbox_email()
    message = Message(kind="test", recipient="a@example.org", occasion="once", subject="Again",
                      body="B")  # fmt: skip
    assert queue_email(message) == []
    assert Email.objects.count() == 1


def test_an_email_interrupted_while_sending_is_never_sent_again():
    email = outbox_email(state=Email.State.SENDING)
    deliver_email.apply(args=[email.pk])
    send_pending_emails.apply()
    assert mail.outbox == []
    assert Email.objects.get().state == Email.State.SENDING


def test_smtp_failures_are_retried_then_recorded_as_failed():
    email = outbox_email()
    failing = mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=ConnectionRefusedError("SMTP server down"),
    )
    with failing:
        deliver_email.apply(args=[email.pk])
        for minutes in (2, 4, 8, 16, 32, 64):
            with time_machine.travel(dt.timedelta(minutes=minutes)):
                send_pending_emails.apply()
    email.refresh_from_db()
    assert email.state == Email.State.FAILED
    assert email.attempts == MAX_ATTEMPTS
    assert "SMTP server down" in email.last_error


def test_a_failed_attempt_that_recovers_is_sent_once():
    email = outbox_email()
    calls = {"n": 0}
    real = mail.backends.locmem.EmailBackend.send_messages

    def flaky(self, messages):
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionResetError("try again")
        return real(self, messages)

    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", flaky):
        deliver_email.apply(args=[email.pk])
        email.refresh_from_db()
        assert email.state == Email.State.PENDING and email.next_attempt_at
        assert send_pending_emails.apply().get() == 0  # not before its pause is over
        with time_machine.travel(dt.timedelta(minutes=2)):
            send_pending_emails.apply()
    email.refresh_from_db()
    assert (email.state, email.attempts, len(mail.outbox)) == (Email.State.SENT, 2, 1)


def message(occasion: str, **changes) -> Message:
    return Message(**{"kind": "test", "recipient": "a@example.org", "occasion": occasion,
                      "subject": "S", "body": "B", **changes})  # fmt: skip


def test_an_occasion_stored_meanwhile_is_skipped_and_only_new_ids_come_back():
    (first,) = queue_email(message("once"))
    # What a second scan running at the same moment would insert after the first one's check.
    created = insert_new([message("once", subject="Again"), message("twice")])
    assert created == [Email.objects.get(occasion="twice").pk]
    assert Email.objects.get(pk=first).subject == "S"


def test_a_chunk_delivered_twice_sends_each_email_once():
    ids = queue_emails(message(f"chunk-{n}", recipient=f"{n}@example.org") for n in range(3))
    deliver_emails.apply(args=[ids])
    deliver_emails.apply(args=[ids])
    assert sorted(m.to[0] for m in mail.outbox) == ["0@example.org", "1@example.org",
                                                    "2@example.org"]  # fmt: skip
    assert set(Email.objects.values_list("state", flat=True)) == {Email.State.SENT}


def test_one_broken_email_does_not_hold_back_the_rest_of_its_chunk():
    broken = message("broken", attachment_name="x.pdf", attachment_source="nothing:1")
    ids = queue_emails([broken, message("fine", recipient="b@example.org")])
    deliver_emails.apply(args=[ids])
    assert [m.to for m in mail.outbox] == [["b@example.org"]]
    assert Email.objects.get(occasion="broken").state == Email.State.SENDING
