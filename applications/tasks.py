from celery import shared_task

from .services import anonymise_expired_applications


@shared_task
def anonymise_expired() -> int:
    """Daily: remove personal data of applications whose retention period is over."""
    return anonymise_expired_applications()
