"""Loading a call's scores from the database, in a fixed number of queries, and ranking them."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch

from applications.models import Application
from calls.models import Call, Criterion

from .models import Review, Score
from .scoring import CriterionRule, Result, assess, rank


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


def _applications(call: Call):
    reviews = (
        Review.objects.active()
        .select_related("reviewer")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.all()))
    )
    return (
        call.applications.submitted()
        .select_related("decision__decided_by")
        .prefetch_related(Prefetch("reviews", queryset=reviews), "consensus", "themes")
    )


def _assess(application: Application, call: Call, rules) -> Result:
    scores = defaultdict(list)
    reviews_in = 0
    for review in application.reviews.all():
        if review.state != Review.State.SUBMITTED:
            continue
        reviews_in += 1
        for score in review.scores.all():
            if score.value is not None:
                scores[score.criterion_id].append(score.value)
    consensus = {
        item.criterion_id: item.value
        for item in application.consensus.all()
        if item.value is not None
    }
    return assess(
        application.pk,
        rules,
        scores,
        consensus,
        spread_threshold=call.spread_threshold,
        total_threshold=call.total_threshold,
        reviews_in=reviews_in,
        reviews_expected=call.reviewers_per_application,
    )


def call_ranking(call: Call) -> tuple[list[Criterion], list[Row]]:
    criteria = list(call.criteria.all())
    rules = rules_for(criteria)
    applications = {application.pk: application for application in _applications(call)}
    results = [_assess(application, call, rules) for application in applications.values()]
    rows = [Row(applications[result.application_id], result) for result in rank(results, rules)]
    return criteria, rows


def result_for(application: Application) -> Result:
    call = application.call
    application = _applications(call).get(pk=application.pk)
    return _assess(application, call, rules_for(call.criteria.all()))
