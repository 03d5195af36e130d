import datetime as dt
import logging

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from .models import Email
from .reminders import send_due_reminders as scan_reminders
from .services import claim_for_sending, deliver, enqueue, give_back

MAX_ATTEMPTS = 5
logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def deliver_email(email_id: int) -> None:
    email = claim_for_sending(email_id)
    if email is None:
        return
    try:
        deliver(email)
    except OSError as error:  # SMTP and network failures; the sweep tries again later
        give_back(email, error, final=email.attempts >= MAX_ATTEMPTS)


@shared_task(acks_late=True)
def deliver_emails(email_ids: list[int]) -> None:
    """A chunk of the outbox, each e-mail claimed and sent on its own as ``deliver_email`` does.

    Delivered twice (a worker lost after sending some), the e-mails already claimed are
    skipped. One e-mail that fails unexpectedly stays ``sending``, as it would alone, and does
    not hold back the rest of the chunk.
    """
    for email_id in email_ids:
        try:
            deliver_email(email_id)
        except Exception:  # noqa: BLE001 - one broken e-mail must not stop the rest of the chunk
            logger.exception("E-mail %s could not be sent", email_id)


@shared_task
def send_pending_emails() -> int:
    """Queue again what waits in the outbox: missed while the broker was down, or to retry."""
    now = timezone.now()
    due = Q(next_attempt_at__isnull=True, created_at__lt=now - dt.timedelta(minutes=1)) | Q(
        next_attempt_at__lte=now
    )
    ids = list(Email.objects.pending().filter(due).values_list("pk", flat=True))
    enqueue(ids)
    return len(ids)


@shared_task
def send_due_reminders() -> int:
    """Beat's periodic scan: queue every reminder that is due and not sent before."""
    return scan_reminders()
