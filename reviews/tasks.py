from celery import shared_task

from applications.models import Application

from .notifications import send_decision


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_decision_notification(application_id: int) -> None:
    application = (
        Application.objects.select_related("call", "applicant", "decision")
        .filter(pk=application_id, decision__isnull=False)
        .first()
    )
    if application is None or not application.call.decisions_released:
        return
    send_decision(application)
