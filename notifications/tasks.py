import datetime as dt

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from .models import Email
from .reminders import send_due_reminders as scan_reminders
from .services import claim_for_sending, deliver, enqueue, give_back

MAX_ATTEMPTS = 5


@shared_task(acks_late=True)
def deliver_email(email_id: int) -> None:
    email = claim_for_sending(email_id)
    if email is None:
        return
    try:
        deliver(email)
    except OSError as error:  # SMTP and network failures; the sweep tries again later
        give_back(email, error, final=email.attempts >= MAX_ATTEMPTS)


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
