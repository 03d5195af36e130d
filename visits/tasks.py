from celery import shared_task
from django.utils import timezone

from .team_mail import mail_changes, quiet_visits


@shared_task(acks_late=True)
def send_visit_changes(visit_id: int, at_once: bool = False) -> int:
    """Mail the visit's pending changes if it has been quiet long enough (else a later run will),
    or at once for a confirmation or a cancellation."""
    return mail_changes(visit_id, at_once=at_once)


@shared_task
def send_quiet_visit_changes() -> int:
    """Beat's sweep: every visit whose changes wait and which has been quiet long enough."""
    now = timezone.now()
    return sum(mail_changes(visit_id, now=now) for visit_id in quiet_visits(now=now))
