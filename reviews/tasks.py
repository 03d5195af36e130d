from celery import shared_task

from .models import SelectionReport
from .services import produce_selection_report


@shared_task(acks_late=True)
def prepare_selection_report(report_id: int) -> None:
    """Render a requested selection report in the worker; a report already done is left alone
    (the task may be delivered twice)."""
    report = (
        SelectionReport.objects.pending()
        .select_related("call")
        .prefetch_related("call__contacts")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        return
    produce_selection_report(report)
