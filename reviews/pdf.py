from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from calls.models import Call
from consolidate.documents import render_pdf

from .models import Review
from .ranking import call_ranking, current_result

if TYPE_CHECKING:
    from .ranking import Row


def render_decision_letter(application: Application) -> bytes:
    call = application.call
    # One query each: current_result reads call.criteria from this cache, and each criterion's
    # consensus comes from the dictionary below rather than a query per criterion. The result
    # is the stored standing the ranking shows and the decision was taken on.
    prefetch_related_objects([call], "criteria", "contacts")
    prefetch_related_objects([application], "consensus", "decision__decided_by")
    result = current_result(application)
    consensus = {item.criterion_id: item for item in application.consensus.all()}
    criteria = [
        {
            "criterion": criterion,
            "result": result.criteria[criterion.pk],
            "consensus": consensus.get(criterion.pk),
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


@dataclass(frozen=True)
class ReportLine:
    """One ranked application as the report prints it: reviewers by their legend codes."""

    row: "Row"
    reviewers: str


def reviewer_codes(rows: list["Row"]) -> dict:
    """Short codes (R1, R2, …) for everyone who reviews an application in the ranking."""
    reviewers = {review.reviewer for row in rows for review in row.application.reviews.all()}
    ordered = sorted(reviewers, key=lambda user: user.email.lower())
    return {user: f"R{number}" for number, user in enumerate(ordered, start=1)}


# Short words for a review that does not count yet: the cell has room for a few letters.
PENDING = {
    Review.State.ASSIGNED: _("not started"),
    Review.State.SCORING: _("scoring"),
    Review.State.CONFLICT: _("conflict"),
}


def reviewers_cell(row: "Row", codes: dict) -> str:
    return ", ".join(
        f"{codes[review.reviewer]} ({PENDING[review.state]})"
        if review.state in PENDING
        else codes[review.reviewer]
        for review in row.application.reviews.all()
    )


def selection_report_context(call: Call, criteria: list, rows: list["Row"]) -> dict:
    codes = reviewer_codes(rows)
    lines = [ReportLine(row, reviewers_cell(row, codes)) for row in rows]
    return {
        "call": call,
        "criteria": criteria,
        "reviewers": [(code, user) for user, code in codes.items()],
        "lines": lines,
        "now": timezone.now(),
    }


def render_selection_report(call: Call) -> bytes:
    criteria, rows = call_ranking(call)
    return render_pdf("pdf/selection_report.html", selection_report_context(call, criteria, rows))
