"""How far reviewers lie apart, per application, counted by the database in one query.

An application's spread is its widest criterion spread (highest minus lowest score among its
submitted reviews, as ``scoring.assess_criterion`` measures it); it needs a consensus while a
criterion's spread is above the call's disagreement flag and no consensus is recorded on it.

The ORM cannot group over a grouped query, so the per-criterion spreads are an ORM query whose
SQL (with its parameters) becomes the innermost of three nested SELECTs: criterion, then
application, then (call, spread, needs consensus).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, F, Max, Min, OuterRef

from .models import Consensus, Review, Score


@dataclass(frozen=True)
class SpreadCount:
    call_id: int
    spread: Decimal
    needs_consensus: bool
    applications: int


def _per_criterion(calls):
    agreed = Consensus.objects.filter(
        application=OuterRef("review__application"),
        criterion=OuterRef("criterion"),
        value__isnull=False,
    )
    return (
        Score.objects.filter(
            review__application__call__in=calls, review__state=Review.State.SUBMITTED,
            value__isnull=False,
        )
        .values(
            call_ref=F("review__application__call"), application_ref=F("review__application"),
            criterion_ref=F("criterion"), flag=F("review__application__call__spread_threshold"),
            agreed=Exists(agreed),
        )
        .annotate(spread=Max("value") - Min("value"), given=Count("pk"))
        .order_by()
    )  # fmt: skip


def spread_counts(calls) -> list[SpreadCount]:
    """Per call: how many applications have each widest spread, and whether they need a
    consensus. Applications scored by one reviewer only have no spread and are left out."""
    inner, params = _per_criterion(calls).query.sql_with_params()
    quote = connection.ops.quote_name
    call, application, spread = quote("call_ref"), quote("application_ref"), quote("spread")
    flag, agreed, given = quote("flag"), quote("agreed"), quote("given")
    # Only quoted names and the ORM's own SQL go in; every value is a parameter.
    sql = (
        f"SELECT call_id, widest, needs, COUNT(*) FROM ("  # noqa: S608
        f" SELECT {call} AS call_id, {application}, MAX({spread}) AS widest,"
        f" MAX(CASE WHEN {spread} > {flag} AND NOT {agreed} THEN 1 ELSE 0 END) AS needs"
        f" FROM ({inner}) per_criterion WHERE {given} > 1 GROUP BY {call}, {application}"
        f") per_application GROUP BY call_id, widest, needs ORDER BY call_id, widest"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        SpreadCount(call_id, _decimal(widest), bool(needs), count)
        for call_id, widest, needs, count in rows
    ]


def _decimal(value) -> Decimal:
    # SQLite hands back floats (halves and tenths of a point): read them at one decimal.
    return Decimal(str(round(float(value), 1))).quantize(Decimal("0.1"))
