from celery import shared_task

from .models import Application
from .notifications import send_confirmation


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_submission_confirmation(application_id: int) -> None:
    application = (
        Application.objects.select_related("call", "applicant").filter(pk=application_id).first()
    )
    if application is None or application.state != Application.State.SUBMITTED:
        return
    send_confirmation(application)
