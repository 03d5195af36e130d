from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from calls.models import Call
from consolidate.documents import Attachment, job, render_pdf, render_pdfs
from people.preferences import in_language_of

from . import report
from .letters import letter_of
from .models import Review
from .ranking import call_ranking, current_result

if TYPE_CHECKING:
    from .ranking import Row


def decision_letter(application: Application) -> tuple[str, dict]:
    """The letter's template and context: outcome, then per criterion the score that counts
    and the comments, the reviewers anonymised (``letters``); the total is the stored
    standing's, as the ranking's."""
    call = application.call
    # One query each: the criteria, contacts and consensus are read from these caches, and the
    # reviews with their scores in two queries, whatever the number of criteria.
    prefetch_related_objects([call], "criteria", "contacts")
    prefetch_related_objects([application], "consensus", "decision__decided_by")
    result = current_result(application)
    return "pdf/decision_letter.html", {
        "call": call,
        "application": application,
        "decision": application.decision,
        "criteria": letter_of(application, result),
        "result": result,
        "today": timezone.localdate(),
    }


def render_decision_letter(application: Application) -> bytes:
    return render_pdf(*decision_letter(application))


# Letters printed by one child process; the next batch gets a fresh one (its memory freed).
LETTER_BATCH = 25


def render_decision_letters(applications) -> Iterator[bytes]:
    """Each application's letter, in order, printed in batches; each in its applicant's
    language (else the active one), whoever asks for them."""
    applications, fallback = list(applications), get_language()
    for start in range(0, len(applications), LETTER_BATCH):
        jobs = []
        for application in applications[start : start + LETTER_BATCH]:
            with in_language_of(application.applicant, fallback):
                jobs.append(job(*decision_letter(application)))
        yield from render_pdfs(jobs)


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


def selection_report_context(call: Call, criteria: list, codes: dict, lines: list) -> dict:
    """Selected, reserve and the top ranks in full; the others summarised (``report``)."""
    full = [line for line in lines if report.printed_in_full(line.row)]
    rest = [line.row for line in lines if not report.printed_in_full(line.row)]
    return {
        "call": call,
        "criteria": criteria,
        "reviewers": [(code, user) for user, code in codes.items()],
        "lines": full,
        "summary": report.summary(rest),
        "ranked": len(lines),
        "top_ranks": report.TOP_RANKS,
        "csv_name": report.CSV_NAME,
        "now": timezone.now(),
    }


def render_selection_report(call: Call) -> bytes:
    """The report PDF, with the full ranking embedded in it as a CSV attachment."""
    criteria, rows = call_ranking(call)
    codes = reviewer_codes(rows)
    lines = [ReportLine(row, reviewers_cell(row, codes)) for row in rows]
    context = selection_report_context(call, criteria, codes, lines)
    spreadsheet = Attachment(
        name=report.CSV_NAME,
        content=report.ranking_csv(call, criteria, lines),
        description=str(_("Full ranking of %(call)s") % {"call": call.title}),
    )
    return render_pdf("pdf/selection_report.html", context, attachments=[spreadsheet])
