"""A call's figures, read in a fixed number of aggregate queries whatever its size.

Each app counts its own rows (its QuerySet's aggregate methods); this module only asks and
puts the answers side by side. Nothing here filters on another app's fields.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from applications.models import Application
from calls.models import Call, Criterion, Theme
from reviews.models import Decision, Review, Score
from reviews.spreads import SpreadCount, spread_counts
from visits.models import LumpSumClaim, Visit

from .freshness import remembered

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ReviewerProgress:
    reviewer_id: int
    name: str
    assigned: int
    submitted: int
    scoring: int
    conflicts: int

    @property
    def to_do(self) -> int:
        """The reviews that count towards their progress: a declared conflict does not."""
        return self.assigned - self.conflicts

    @property
    def missing(self) -> int:
        return self.to_do - self.submitted


def reviewer_progress(rows: list[dict]) -> dict[int, list[ReviewerProgress]]:
    """``Review.objects.progress_per_reviewer()`` rows, per call id."""
    per_call: dict[int, list[ReviewerProgress]] = {}
    for row in rows:
        full = f"{row['reviewer__first_name']} {row['reviewer__last_name']}".strip()
        per_call.setdefault(row["call"], []).append(
            ReviewerProgress(
                row["reviewer"],
                full or row["reviewer__email"],
                row["assigned"],
                row["submitted"],
                row["scoring"],
                row["conflicts"],
            )
        )
    return per_call


@dataclass(frozen=True)
class ClaimTotals:
    claims: int = 0
    requested: Decimal = ZERO
    approved: Decimal = ZERO
    paid: Decimal = ZERO


def claim_totals(per_state: dict[str, dict]) -> ClaimTotals:
    return ClaimTotals(
        claims=sum(one["claims"] for one in per_state.values()),
        requested=sum((one["requested"] for one in per_state.values()), ZERO),
        approved=sum((one["approved"] for one in per_state.values()), ZERO),
        paid=sum((one["paid"] for one in per_state.values()), ZERO),
    )


@dataclass
class RoundCounts:
    """What each app counts about a set of calls, one query each, keyed by call id."""

    applications: dict[int, dict[str, int]]
    reviewers: dict[int, list[ReviewerProgress]]
    decisions: dict[int, dict[str, int]]
    spreads: list[SpreadCount]
    visits: dict[int, dict[str, int]]
    feedback: dict[int, tuple[int, int]]
    claims: dict[int, dict[str, dict]]


def round_counts(calls, *, today: dt.date) -> RoundCounts:
    """Eight queries, whatever the number of calls, applications, reviews, visits and claims;
    none while the counts in the cache are fresh."""
    calls = list(calls)
    name = f"round:{','.join(str(call.pk) for call in calls)}:{today}"
    return remembered(name, lambda: {"counts": _round_counts(calls, today)})["counts"]


def _round_counts(calls, today: dt.date) -> RoundCounts:
    visits = Visit.objects.for_calls(calls)
    return RoundCounts(
        applications=Application.objects.for_calls(calls).count_per_call_and_state(),
        reviewers=reviewer_progress(Review.objects.for_calls(calls).progress_per_reviewer()),
        decisions=_decisions(calls),
        spreads=spread_counts(calls),
        visits=visits.count_per_call_and_state(),
        feedback=visits.feedback_per_call(today=today),
        claims=LumpSumClaim.objects.for_calls(calls).totals_per_call_and_state(),
    )


def _decisions(calls) -> dict[int, dict[str, int]]:
    return Decision.objects.filter(call__in=calls).count_per_call_and_outcome()


@dataclass
class CallFigures:
    """Everything a call's dashboard shows, read once."""

    call: Call
    today: dt.date
    counts: RoundCounts
    started: dict[dt.date, int]
    submitted: dict[dt.date, int]
    countries: dict[str, int]
    themes: list[tuple[Theme, int]]
    criteria: list[Criterion]
    tally: list[tuple[int, int, Decimal, int]]  # criterion, reviewer, score, times given
    counted_at: dt.datetime

    def applications(self, state: str) -> int:
        return self.counts.applications.get(self.call.pk, {}).get(state, 0)

    @property
    def reviewers(self) -> list[ReviewerProgress]:
        return self.counts.reviewers.get(self.call.pk, [])

    @property
    def decisions(self) -> dict[str, int]:
        return self.counts.decisions.get(self.call.pk, {})

    @property
    def spreads(self) -> list[SpreadCount]:
        return [one for one in self.counts.spreads if one.call_id == self.call.pk]

    @property
    def visits(self) -> dict[str, int]:
        return self.counts.visits.get(self.call.pk, {})

    @property
    def feedback(self) -> tuple[int, int]:
        return self.counts.feedback.get(self.call.pk, (0, 0))

    @property
    def claims(self) -> dict[str, dict]:
        return self.counts.claims.get(self.call.pk, {})

    @property
    def claim_totals(self) -> ClaimTotals:
        return claim_totals(self.claims)


def call_figures(call: Call, *, today: dt.date) -> CallFigures:
    """Seventeen aggregate queries, or none while the counts in the cache are fresh (the call
    itself is loaded by the caller)."""
    found = remembered(f"call:{call.pk}:{today}", lambda: _call_counts(call, today))
    return CallFigures(call=call, today=today, **found)


def _call_counts(call: Call, today: dt.date) -> dict:
    applications = Application.objects.for_call(call)
    submitted = applications.submitted()
    theme_counts = submitted.count_per_theme()
    offered = Q(pk__in=call.themes.values("pk"))
    themes = Theme.objects.filter(offered | Q(pk__in=list(theme_counts)))
    return {
        "counts": _round_counts([call], today),
        "started": applications.started_per_day(call.zone),
        "submitted": applications.submitted_per_day(call.zone),
        "countries": submitted.count_per_country(),
        "themes": [(theme, theme_counts.get(theme.pk, 0)) for theme in themes],
        "criteria": list(call.criteria.all()),
        "tally": Score.objects.counting_in(call).tally(),
    }
