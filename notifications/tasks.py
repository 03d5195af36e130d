import datetime as dt

from celery import shared_task
from django.utils import timezone

from .models import Email
from .reminders import send_due_reminders as scan_reminders
from .services import claim_for_sending, deliver, enqueue, give_back

MAX_ATTEMPTS = 5


@shared_task(bind=True, acks_late=True, max_retries=MAX_ATTEMPTS)
def deliver_email(self, email_id: int) -> None:
    email = claim_for_sending(email_id)
    if email is None:
        return
    try:
        deliver(email)
    except OSError as error:  # SMTP and network failures
        final = email.attempts >= MAX_ATTEMPTS
        give_back(email, error, final=final)
        if not final:
            raise self.retry(exc=error, countdown=30 * 2 ** (email.attempts - 1)) from error


@shared_task
def send_pending_emails() -> int:
    """Queue again what waited in the outbox (for instance while the broker was down)."""
    cutoff = timezone.now() - dt.timedelta(minutes=1)
    ids = list(Email.objects.pending().filter(created_at__lt=cutoff).values_list("pk", flat=True))
    enqueue(ids)
    return len(ids)


@shared_task
def send_due_reminders() -> int:
    """Beat's periodic scan: queue every reminder that is due and not sent before."""
    return scan_reminders()
