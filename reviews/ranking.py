"""A call's results: computed from the scores, stored as standings, ranked by the database.

The rules live in ``scoring``; this module feeds them plain values read in a fixed number of
queries, keeps each submitted application's ``Standing`` up to date, and reads a ranking (or one
page of it) sorted by the stored ``rank_key``. Standings computed on other criteria, weights or
thresholds than the call has now, or missing (an application submitted since), are recomputed
whenever a ranking is read, so an edit of the call shows at once.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q

from applications.models import Application
from calls.models import Call, Criterion

from .models import Consensus, Review, Score, Standing
from .scoring import CriterionResult, CriterionRule, Result, assess, rank, rank_key

PAGE_SIZE = 100
FEW = 500  # up to this many applications are named by id in a query


@dataclass(frozen=True)
class Row:
    application: Application
    result: Result

    @property
    def values(self) -> list:
        """The score that counts on each criterion, in the call's order of criteria."""
        return [criterion.value for criterion in self.result.criteria.values()]

    @property
    def disputed_flags(self) -> list[bool]:
        return [criterion.disputed for criterion in self.result.criteria.values()]


def rules_for(criteria) -> list[CriterionRule]:
    return [
        CriterionRule(
            id=criterion.pk,
            weight=criterion.weight,
            threshold=criterion.threshold,
            tie_break_rank=criterion.tie_break_rank,
        )
        for criterion in criteria
    ]


def _canonical(value) -> str:
    # 2, 2.0 and 2.00 are one weight: a call read from the database and one built in memory
    # must give one basis, or each reader would recompute the standings the other stored.
    return "" if value is None else str(Decimal(str(value)).normalize())


def basis_of(call: Call, criteria) -> str:
    """What a standing was computed on besides the scores: if it changes, standings are stale."""
    parts = [_canonical(call.spread_threshold), _canonical(call.total_threshold)] + [
        f"{c.pk}:{_canonical(c.weight)}:{_canonical(c.threshold)}:{c.tie_break_rank}"
        for c in criteria
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


# Computing results from plain values


def _within(queryset, call: Call, application_ids: list[int], field: str = "application"):
    """Rows of these applications: by id for a few, by call for many (no huge ``IN`` lists)."""
    if len(application_ids) <= FEW:
        return queryset.filter(**{f"{field}_id__in": application_ids})
    return queryset.filter(**{f"{field}__call": call})


def _results(call: Call, criteria, application_ids: list[int]) -> list[Result]:
    """The results of these applications of ``call``, in three queries whatever their number."""
    wanted = set(application_ids)
    scores = defaultdict(lambda: defaultdict(list))
    counting = _within(
        Score.objects.filter(review__state=Review.State.SUBMITTED, value__isnull=False),
        call, application_ids, "review__application",
    ).order_by("review__assigned_at", "review_id")  # fmt: skip
    for application_id, criterion_id, value in counting.values_list(
        "review__application_id", "criterion_id", "value"
    ):
        scores[application_id][criterion_id].append(value)
    reviews_in = defaultdict(int)
    submitted = _within(Review.objects.counting(), call, application_ids)
    for application_id in submitted.values_list("application_id", flat=True):
        reviews_in[application_id] += 1
    consensus = defaultdict(dict)
    agreed = _within(Consensus.objects.filter(value__isnull=False), call, application_ids)
    for application_id, criterion_id, value in agreed.values_list(
        "application_id", "criterion_id", "value"
    ):
        if application_id in wanted:
            consensus[application_id][criterion_id] = value
    rules = rules_for(criteria)
    return [
        assess(
            application_id,
            rules,
            scores[application_id],
            consensus[application_id],
            spread_threshold=call.spread_threshold,
            total_threshold=call.total_threshold,
            reviews_in=reviews_in[application_id],
            reviews_expected=call.reviewers_per_application,
        )
        for application_id in application_ids
    ]


def result_for(application: Application) -> Result:
    """The application's result now, computed from its scores (not read from its standing)."""
    call = application.call
    return _results(call, list(call.criteria.all()), [application.pk])[0]


def current_result(application: Application) -> Result:
    """The application's result as the ranking shows it: its stored standing, made current first.

    The decision and the letter read it, so all three report the same result. An application
    without a standing (not submitted) has its result computed the same way, unstored.
    """
    call = application.call
    ensure_standings(call, list(call.criteria.all()))
    standing = Standing.objects.filter(application=application).first()
    return result_for(application) if standing is None else result_of(standing, call)


# Standings: storing results


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _standing(call: Call, criteria, result: Result, basis: str) -> Standing:
    return Standing(
        application_id=result.application_id,
        call=call,
        basis=basis,
        rank_key=rank_key(result, rules_for(criteria)),
        total=result.total,
        reviews_in=result.reviews_in,
        below_total_threshold=result.below_total_threshold,
        criteria=[
            {
                "id": criterion.pk,
                "scores": [str(score) for score in result.criteria[criterion.pk].reviewer_scores],
                "mean": _text(result.criteria[criterion.pk].mean),
                "consensus": _text(result.criteria[criterion.pk].consensus),
                "spread": _text(result.criteria[criterion.pk].spread),
                "disputed": result.criteria[criterion.pk].disputed,
                "below_threshold": result.criteria[criterion.pk].below_threshold,
            }
            for criterion in criteria
        ],
    )


def result_of(standing: Standing, call: Call, *, rank: int | None = None) -> Result:
    criteria = {
        item["id"]: CriterionResult(
            reviewer_scores=tuple(Decimal(score) for score in item["scores"]),
            mean=_decimal(item["mean"]),
            consensus=_decimal(item["consensus"]),
            spread=_decimal(item["spread"]),
            disputed=item["disputed"],
            below_threshold=item["below_threshold"],
        )
        for item in standing.criteria
    }
    return Result(
        application_id=standing.application_id,
        criteria=criteria,
        total=standing.total,
        reviews_in=standing.reviews_in,
        reviews_expected=call.reviewers_per_application,
        below_total_threshold=standing.below_total_threshold,
        rank=rank,
    )


STORED_FIELDS = ["call", "basis", "rank_key", "total", "reviews_in", "below_total_threshold",
                 "criteria", "updated_at"]  # fmt: skip


@transaction.atomic
def store_standings(call: Call, criteria, application_ids: list[int] | None = None) -> None:
    """Compute and store the standings of these submitted applications (all without ids).

    The applications' rows are locked first, so a refresh that runs beside a reviewer's
    submission waits for it and then reads it, rather than storing what it saw before.
    """
    criteria = list(criteria)
    locked = call.applications.submitted().select_for_update().order_by("pk")
    if application_ids is not None and len(application_ids) <= FEW:
        locked = locked.filter(pk__in=application_ids)
    ids = list(locked.values_list("pk", flat=True))
    if application_ids is not None:
        wanted = set(application_ids)
        ids = [application_id for application_id in ids if application_id in wanted]
    basis = basis_of(call, criteria)
    results = _results(call, criteria, ids)
    Standing.objects.bulk_create(
        [_standing(call, criteria, result, basis) for result in results],
        batch_size=500,
        update_conflicts=True,
        unique_fields=["application"],
        update_fields=STORED_FIELDS,
    )


@transaction.atomic
def refresh_standing(application: Application) -> None:
    """After a change of the application's scores, reviews or consensus, in that transaction."""
    call = application.call
    Standing.objects.filter(application=application).delete()
    store_standings(call, call.criteria.all(), [application.pk])


def ensure_standings(call: Call, criteria) -> int:
    """Recompute the standings that are stale, missing or left over; return how many there are.

    The services and ``signals`` keep them in step, so this finds nothing to do in two cheap
    queries (both served by indexes); it puts right what bulk changes or older data left.
    """
    basis = basis_of(call, criteria)
    standings = Standing.objects.filter(call=call)
    # Counted by the columns of the (call, basis) index, which then answers alone (not by pk,
    # which only the rows hold): some 4 ms to 1.5 ms for 8,000 standings.
    held = standings.aggregate(count=Count("call"), stale=Count("basis", filter=~Q(basis=basis)))
    if not held["stale"] and held["count"] == call.applications.submitted().count():
        return held["count"]
    standings.exclude(application__in=Application.objects.submitted()).delete()
    stale = call.applications.submitted().exclude(standing__basis=basis)
    store_standings(call, criteria, list(stale.values_list("pk", flat=True)))
    return standings.count()


# Reading a ranking


def ranked_standings(call: Call):
    return (
        Standing.objects.filter(call=call)
        .select_related("application__decision__decided_by")
        .order_by("rank_key")
    )


# What a page of the ranking reads: its rows show nothing else of an application, so its texts
# (some kB a row) and the decision's author and rationale stay in the database.
PAGE_FIELDS = [
    "call_id", "rank_key", "total", "reviews_in", "below_total_threshold", "criteria",
    "application__reference", "application__city", "application__decision__outcome",
    "application__decision__reserve_rank",
]  # fmt: skip


def ranking_page(call: Call, number) -> tuple[list[Criterion], Page, list[Row]]:
    """One page of the call's ranking (``number`` as the request gave it), with its rows."""
    criteria = list(call.criteria.all())
    paginator = Paginator(ranked_standings(call), PAGE_SIZE)
    paginator.count = ensure_standings(call, criteria)  # counted already: no second COUNT
    page = paginator.get_page(number)
    first = page.start_index()
    # The page's ids first, from the index alone (a subquery), then its rows: an OFFSET over
    # the full rows would read every row before the page.
    ids = ranked_standings(call).values("pk")[first - 1 : page.end_index()]
    page_standings = (
        ranked_standings(call).filter(pk__in=ids).select_related(None)
        .select_related("application__decision").only(*PAGE_FIELDS)
    )  # fmt: skip
    standings = sorted(page_standings, key=lambda s: s.rank_key)
    rows = [
        Row(standing.application, result_of(standing, call, rank=first + position))
        for position, standing in enumerate(standings)
    ]
    return criteria, page, rows


def call_ranking(call: Call) -> tuple[list[Criterion], list[Row]]:
    """The whole ranking, with each application's reviewers, for the selection report."""
    criteria = list(call.criteria.all())
    ensure_standings(call, criteria)
    reviews = Review.objects.active().select_related("reviewer")
    standings = ranked_standings(call).prefetch_related(
        Prefetch("application__reviews", queryset=reviews)
    )
    rows = [
        Row(standing.application, result_of(standing, call, rank=position))
        for position, standing in enumerate(standings, start=1)
    ]
    return criteria, rows


# Guarding the scoring set-up (asked by the call's admin through ``consolidate.registry``)


def scoring_started(call: Call) -> bool:
    """Once a review of the call is submitted, its weights, thresholds and tie-breaks are set."""
    return Review.objects.counting().filter(application__call_id=call.pk).exists()


def _ranked(call: Call, criteria, applications: dict) -> list[dict]:
    ids = list(applications)
    results = rank(_results(call, criteria, ids), rules_for(criteria))
    return [
        {
            "rank": result.rank,
            "reference": applications[result.application_id].reference,
            "city": applications[result.application_id].city,
            "total": result.total,
            "selectable": result.selectable,
        }
        for result in results
    ]


def ranking_preview(call: Call, criteria) -> tuple[list[dict], list[dict]]:
    """The ranking with the call's saved set-up, and with ``call`` and ``criteria`` as given
    (unsaved objects): computed from the scores, nothing stored."""
    saved = Call.objects.get(pk=call.pk)
    applications = saved.applications.submitted().only("pk", "reference", "city").in_bulk()
    before = _ranked(saved, list(saved.criteria.all()), applications)
    return before, _ranked(call, list(criteria), applications)
