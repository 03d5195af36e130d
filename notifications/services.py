"""Queueing and delivering e-mails, exactly once per recipient, kind and occasion."""

import datetime as dt
import json
import logging
import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from consolidate.registry import render_attachment
from people.languages import with_language
from people.preferences import language_of, valid_language

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
    language: str = settings.LANGUAGE_CODE  # of the texts, and of the attachment when sent


def render_texts(template: str, context: dict, *, language: str | None = None) -> tuple[str, str]:
    """Render ``email/<template>_subject.txt`` and ``email/<template>.txt`` in ``language`` (the
    site's by default): subject and body. The page the e-mail links to (``url``) opens in that
    language too (``?lang=``, see people/languages.py)."""
    language = valid_language(language)
    if context.get("url"):
        context = {**context, "url": with_language(context["url"], language)}
    with translation.override(language):
        subject = render_to_string(f"email/{template}_subject.txt", context)
        body = render_to_string(f"email/{template}.txt", context)
    return " ".join(subject.split()), body  # no line breaks can reach the header


def render_message(
    template: str,
    context: dict,
    *,
    kind: str,
    recipient: str,
    occasion: str,
    user=None,
    language: str | None = None,
    **extra,
) -> Message:
    """Render the template's subject and body into a Message, in the language of ``user`` (the
    person the e-mail is about, whichever address it goes to) unless ``language`` is given."""
    language = language or language_of(user)
    subject, body = render_texts(template, context, language=language)
    return Message(
        kind=kind,
        recipient=recipient,
        occasion=occasion,
        subject=subject,
        body=body,
        user_id=getattr(user, "pk", None),
        language=valid_language(language),
        **extra,
    )


def queue_emails(messages: Iterable[Message]) -> list[int]:
    """Store the messages not stored before and hand them to Celery after commit.

    Returns the ids of the e-mails created now; an occasion already in the outbox is skipped.
    """
    messages = {(m.kind, m.recipient, m.occasion): m for m in messages}
    if not messages:
        return []
    # Most of a repeated scan is already in the outbox: leave it out before inserting.
    existing = set(
        Email.objects.filter(
            kind__in={k for k, _, _ in messages}, occasion__in={o for _, _, o in messages}
        ).values_list("kind", "recipient", "occasion")
    )
    created = insert_new([m for key, m in messages.items() if key not in existing])
    if created:
        transaction.on_commit(lambda: enqueue(created))
    return created


# insert_new's rows, read from one JSON parameter as a table, in each database's own words.
_COLUMNS = ("kind", "recipient", "occasion", "user_id", "subject", "body", "attachment_name",
            "attachment_source", "language")  # fmt: skip
_ROWS = {
    "postgresql": "json_to_recordset(%s::json) AS new(kind text, recipient text, occasion text, "
    "user_id bigint, subject text, body text, attachment_name text, attachment_source text, "
    "language text)",
    "sqlite": "(SELECT json_extract(value, '$.kind') AS kind, "
    "json_extract(value, '$.recipient') AS recipient, "
    "json_extract(value, '$.occasion') AS occasion, json_extract(value, '$.user_id') AS user_id, "
    "json_extract(value, '$.subject') AS subject, json_extract(value, '$.body') AS body, "
    "json_extract(value, '$.attachment_name') AS attachment_name, "
    "json_extract(value, '$.attachment_source') AS attachment_source, "
    "json_extract(value, '$.language') AS language "
    "FROM json_each(%s)) AS new",
}
# Only names of ours go into the text; every value is a parameter. "WHERE true" keeps SQLite
# from reading "ON CONFLICT" as a join's ON.
_INSERT = (
    "INSERT INTO {table} ({columns}, state, attempts, last_error, created_at) "
    "SELECT {columns}, %s, 0, '', %s FROM {rows} "
    "WHERE true ON CONFLICT DO NOTHING RETURNING id"
)


def insert_new(messages: list[Message]) -> list[int]:
    """Insert the messages in one statement, skipping any occasion already stored; their ids.

    One statement however many e-mails a scan finds: the rows travel as a single JSON
    parameter, so no parameter limit (PostgreSQL's 65,535, Django's 999 for SQLite) splits
    them into batches. ``ON CONFLICT DO NOTHING`` keeps ``(kind, recipient, occasion)``
    unique: a row another transaction stored meanwhile is skipped, and ``RETURNING`` gives the
    ids of exactly the rows stored now.
    """
    if not messages:
        return []
    table, rows = Email._meta.db_table, _ROWS[connection.vendor]
    sql = _INSERT.format(table=table, columns=", ".join(_COLUMNS), rows=rows)
    values = json.dumps([{column: getattr(m, column) for column in _COLUMNS} for m in messages])
    created_at = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [Email.State.PENDING, created_at, values])
        return [pk for (pk,) in cursor.fetchall()]


def queue_email(message: Message) -> list[int]:
    return queue_emails([message])


HANDOFF_CHUNK = 500  # e-mail ids per Celery message


def enqueue(email_ids: list[int]) -> None:
    """Hand e-mails to the broker, ``HANDOFF_CHUNK`` ids a message (one publish per e-mail
    took 5 s for a scan of 10,000). If it is down, they wait in the outbox for the next sweep.
    """
    from .tasks import deliver_emails

    handed = 0
    try:
        for start in range(0, len(email_ids), HANDOFF_CHUNK):
            chunk = email_ids[start : start + HANDOFF_CHUNK]
            deliver_emails.delay(chunk)
            handed += len(chunk)
    except Exception:  # noqa: BLE001 - any broker failure must not fail the user's request
        logger.warning("Broker unavailable; %s e-mails wait in the outbox", len(email_ids) - handed)
        mark_due(email_ids[handed:])


def mark_due(email_ids: list[int]) -> None:
    """The broker never got these: due now, so the next sweep hands them on at once (rather
    than after the minute it leaves an e-mail on its way from a commit)."""
    try:
        Email.objects.pending().filter(pk__in=email_ids).update(next_attempt_at=timezone.now())
    except Exception:  # noqa: BLE001 - the sweep still finds them a minute later
        logger.warning("E-mails %s could not be marked due", email_ids[:10], exc_info=True)


RESENDABLE = (Email.State.SENDING, Email.State.FAILED)


@transaction.atomic
def send_again(email_ids: Iterable[int], *, by) -> list[int]:
    """A person's decision to send interrupted or failed e-mails once more; their ids.

    The outbox never does this by itself: an e-mail left ``sending`` by a worker that died may
    have reached its recipient, and only a person (who can ask) may risk a second copy. Sent and
    pending e-mails are left alone.
    """
    emails = Email.objects.select_for_update().filter(pk__in=list(email_ids), state__in=RESENDABLE)
    ids = list(emails.values_list("pk", flat=True))
    Email.objects.filter(pk__in=ids).update(state=Email.State.PENDING, next_attempt_at=None)
    for email_id in ids:
        logger.info("e-mail %s sent again by user %s", email_id, getattr(by, "pk", None))
    if ids:
        transaction.on_commit(lambda: enqueue(ids))
    return ids


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
        # The document is made now, by the worker: in the language the e-mail was written in.
        kind = mimetypes.guess_type(email.attachment_name)[0] or "application/pdf"
        with translation.override(valid_language(email.language)):
            document = render_attachment(email.attachment_source)
        message.attach(email.attachment_name, document, kind)
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
