"""Queueing and delivering e-mails, exactly once per recipient, kind and occasion."""

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .attachments import render_attachment
from .models import Email

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """An e-mail still to be queued: who, why (kind and occasion) and what."""

    kind: str
    recipient: str
    occasion: str
    subject: str
    body: str
    user_id: int | None = None
    attachment_name: str = ""
    attachment_source: str = ""


def render_message(
    template: str, context: dict, *, kind: str, recipient: str, occasion: str, user=None, **extra
) -> Message:
    """Render ``email/<template>_subject.txt`` and ``email/<template>.txt`` into a Message."""
    subject = render_to_string(f"email/{template}_subject.txt", context).strip()
    body = render_to_string(f"email/{template}.txt", context)
    return Message(
        kind=kind,
        recipient=recipient,
        occasion=occasion,
        subject=" ".join(subject.split()),  # no line breaks can reach the header
        body=body,
        user_id=getattr(user, "pk", None),
        **extra,
    )


def queue_emails(messages: Iterable[Message]) -> list[int]:
    """Store the messages not stored before and hand them to Celery after commit.

    Returns the ids of the e-mails created now; an occasion already in the outbox is skipped.
    """
    messages = list(messages)
    if not messages:
        return []
    keys = {(m.kind, m.recipient, m.occasion) for m in messages}
    existing = set(
        Email.objects.filter(
            kind__in={k for k, _, _ in keys}, occasion__in={o for _, _, o in keys}
        ).values_list("kind", "recipient", "occasion")
    )
    new = [m for m in messages if (m.kind, m.recipient, m.occasion) not in existing]
    unique = list({(m.kind, m.recipient, m.occasion): m for m in new}.values())
    Email.objects.bulk_create(
        [Email(**{**m.__dict__}) for m in unique], ignore_conflicts=True, batch_size=1000
    )
    created = list(
        Email.objects.filter(
            state=Email.State.PENDING,
            kind__in={m.kind for m in unique},
            occasion__in={m.occasion for m in unique},
            recipient__in={m.recipient for m in unique},
        ).values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: enqueue(created))
    return created


def queue_email(message: Message) -> list[int]:
    return queue_emails([message])


def enqueue(email_ids: list[int]) -> None:
    """Hand e-mails to the broker. If it is down, they wait in the outbox for the next sweep."""
    from .tasks import deliver_email

    try:
        for email_id in email_ids:
            deliver_email.delay(email_id)
    except Exception:  # noqa: BLE001 - any broker failure must not fail the user's request
        logger.warning("Broker unavailable; %s e-mails wait in the outbox", len(email_ids))


def claim_for_sending(email_id: int) -> Email | None:
    """Mark a pending e-mail as being sent; None if it is gone or someone else has it."""
    with transaction.atomic():
        email = (
            Email.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, state=Email.State.PENDING)
            .first()
        )
        if email is None:
            return None
        email.state = Email.State.SENDING
        email.attempts += 1
        email.save(update_fields=["state", "attempts"])
        return email


def deliver(email: Email) -> None:
    message = EmailMessage(email.subject, email.body, to=[email.recipient])
    if email.attachment_source:
        message.attach(email.attachment_name, render_attachment(email.attachment_source),
                       "application/pdf")  # fmt: skip
    message.send()
    email.state = Email.State.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    email.save(update_fields=["state", "sent_at", "last_error"])


def give_back(email: Email, error: Exception, *, final: bool) -> None:
    """A sending attempt failed: back to pending with a growing pause, or failed for good."""
    email.state = Email.State.FAILED if final else Email.State.PENDING
    email.last_error = f"{type(error).__name__}: {error}"[:2000]
    email.next_attempt_at = None if final else timezone.now() + backoff(email.attempts)
    email.save(update_fields=["state", "last_error", "next_attempt_at"])


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=2 ** (attempts - 1))
