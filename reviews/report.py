"""What the selection report prints in full, what it summarises, and the full ranking as CSV.

A selection meeting reads the selected and reserve cities and the top of the ranking; the
rest of a large call is summarised in a few lines and every ranked application travels with
the PDF as ``ranking.csv``, embedded in it (WeasyPrint's attachments, which PDF/UA allows).
WeasyPrint's cost is per element (about 10 ms a ranked row with its rationale), so printing
800 rows took most of the time; the CSV costs milliseconds.
"""

import csv
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from consolidate.templatetags.formats import score

from .models import Decision

if TYPE_CHECKING:
    from .ranking import Row

# Ranks printed in full whatever their outcome; selected and reserve cities are printed
# wherever they rank.
TOP_RANKS = 20
CSV_NAME = "ranking.csv"
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def printed_in_full(row: "Row") -> bool:
    decision = getattr(row.application, "decision", None)
    chosen = decision is not None and decision.outcome in (
        Decision.Outcome.SELECTED,
        Decision.Outcome.RESERVE,
    )
    return chosen or (row.result.rank or 0) <= TOP_RANKS


def standing_of(row: "Row") -> str:
    """Why an application not printed in full is where it is: the summary's groups."""
    if row.result.total is None:
        return _("Not fully reviewed")
    if not row.result.selectable:
        return _("Below a threshold")
    return _("Above every threshold")


@dataclass
class Group:
    """One line of the summary: the applications of one standing and outcome."""

    standing: str
    outcome: str
    count: int = 0
    best: object = None
    lowest: object = None
    first_rank: int | None = None
    last_rank: int | None = None

    def add(self, row: "Row") -> None:
        self.count += 1
        total, rank = row.result.total, row.result.rank
        if total is not None:
            self.best = total if self.best is None else max(self.best, total)
            self.lowest = total if self.lowest is None else min(self.lowest, total)
        self.first_rank = rank if self.first_rank is None else min(self.first_rank, rank)
        self.last_rank = rank if self.last_rank is None else max(self.last_rank, rank)


def outcome_of(row: "Row") -> str:
    decision = getattr(row.application, "decision", None)
    if decision is None:
        return _("No decision")
    label = str(decision.get_outcome_display())
    return f"{label} {decision.reserve_rank}" if decision.reserve_rank else label


def summary(rows: list["Row"]) -> list[Group]:
    """The applications not printed in full, grouped by standing and outcome, in rank order."""
    groups: dict[tuple[str, str], Group] = {}
    for row in rows:
        key = (standing_of(row), outcome_of(row))
        groups.setdefault(key, Group(*key)).add(row)
    return sorted(groups.values(), key=lambda group: group.first_rank or 0)


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def ranking_csv(call, criteria: list, lines: list) -> bytes:
    """Every ranked application, one line each, with the figures and the decision."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    codes = [f"C{number}" for number in range(1, len(criteria) + 1)]
    writer.writerow([
        _("Rank"), _("Reference"), _("City"), *codes, _("Total"), _("Reviews in"),
        _("Reviews expected"), _("Reviewers"), _("Standing"), _("Outcome"),
        _("Decided by"), _("Rationale"),
    ])  # fmt: skip
    for line in lines:
        row, decision = line.row, getattr(line.row.application, "decision", None)
        writer.writerow([_cell(value) for value in [
            row.result.rank, row.application.reference, row.application.city,
            *(score(value) for value in row.values), score(row.result.total),
            row.result.reviews_in, row.result.reviews_expected, line.reviewers,
            standing_of(row), outcome_of(row),
            decision.decided_by.email if decision and decision.decided_by else "",
            decision.rationale if decision else "",
        ]])  # fmt: skip
    # With a byte-order mark, so that a spreadsheet opens the accents as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")
