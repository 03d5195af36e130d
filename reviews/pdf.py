from django.utils import timezone

from applications.models import Application
from calls.models import Call
from consolidate.documents import render_pdf

from .ranking import call_ranking, result_for


def render_decision_letter(application: Application) -> bytes:
    call = application.call
    result = result_for(application)
    criteria = [
        {
            "criterion": criterion,
            "result": result.criteria[criterion.pk],
            "consensus": next(
                (item for item in application.consensus.all() if item.criterion_id == criterion.pk),
                None,
            ),
        }
        for criterion in call.criteria.all()
    ]
    return render_pdf(
        "pdf/decision_letter.html",
        {
            "call": call,
            "application": application,
            "decision": application.decision,
            "criteria": criteria,
            "result": result,
            "today": timezone.localdate(),
        },
    )


def render_selection_report(call: Call) -> bytes:
    criteria, rows = call_ranking(call)
    return render_pdf(
        "pdf/selection_report.html",
        {"call": call, "criteria": criteria, "rows": rows, "now": timezone.now()},
    )
