"""How far reviewers lie apart, per application, counted by the database in one query.

An application's spread is its widest criterion spread (highest minus lowest score among its
submitted reviews, as ``scoring.assess_criterion`` measures it); it needs a consensus while a
criterion's spread is above the call's disagreement flag and no consensus is recorded on it.

Both are read from the stored standings (``Standing.criteria``, one entry per criterion in the
call's order), which the review services refresh in the transaction that changes a score, a
review or a consensus: grouping their JSON is one pass over one row per application, where
grouping the scores themselves takes a pass over every score of the call.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, IntegerField, Max, Q, Value, When
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast, Coalesce, Greatest

from applications.models import Application
from calls.models import Criterion

from .models import Standing

SCORE = DecimalField(max_digits=4, decimal_places=1)


@dataclass(frozen=True)
class SpreadCount:
    call_id: int
    spread: Decimal
    needs_consensus: bool
    applications: int


def _entry(index: int, key: str):
    return Cast(KeyTextTransform(key, KeyTransform(index, "criteria")), SCORE)


def spread_counts(calls) -> list[SpreadCount]:
    """Per call: how many applications have each widest spread, and whether they need a
    consensus. Applications scored by one reviewer only have no spread and are left out.
    Two queries (the most criteria any of the calls has, then the count)."""
    most = Criterion.objects.filter(call__in=calls).values("call").annotate(n=Count("pk"))
    width = most.aggregate(most=Max("n"))["most"] or 0
    if not width:
        return []
    spreads = [Coalesce(_entry(i, "spread"), Value(Decimal("-1")), output_field=SCORE)
               for i in range(width)]  # fmt: skip
    unsettled = Q()
    for i in range(width):
        # A JSON null, on every database (a text transform reads "null" on SQLite).
        no_consensus = Q(**{f"criteria__{i}__consensus": None})
        unsettled |= Q(**{f"spread_{i}__gt": F("call__spread_threshold")}) & no_consensus
    rows = (
        Standing.objects.filter(
            call__in=calls, reviews_in__gte=2, application__in=Application.objects.submitted()
        )
        .annotate(**{f"spread_{i}": _entry(i, "spread") for i in range(width)})
        .annotate(widest=Greatest(*spreads) if width > 1 else spreads[0])
        .annotate(
            needs=Case(
                When(unsettled, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )  # fmt: skip
    )
    return [
        SpreadCount(call_id, Decimal(widest).quantize(Decimal("0.1")), bool(needs), count)
        for call_id, widest, needs, count in _grouped(rows)
    ]


def _grouped(rows):
    return (
        rows.values_list("call", "widest", "needs")
        .annotate(count=Count("pk"))
        .order_by("call", "widest")
    )
