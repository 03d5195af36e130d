"""The closed 2025 call's round, told whole: five cities applied, both demo reviewers scored
every application through the review services, the coordinator recorded a consensus where they
disagreed widely and decided on each (two selected, one reserve, two not selected, each with its
rationale), so that the standings, the ranking and every decision letter hold real scores."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from applications.models import Application
from calls.models import Call
from people.roles import COORDINATOR, REVIEWER
from reviews.models import Review
from reviews.services import (
    assign_reviewer,
    declare_conflict,
    record_consensus,
    record_decision,
    save_scores,
)
from visits.services import open_visits

from . import content
from .applications import demo_application

PAST_CALL = "cities-helping-cities-2025"
VISIT_ONLY = ("stakeholders", "feedback_subject")


def select_demo_cities() -> None:
    """The 2025 call's applications are reviewed, decided and released."""
    call = Call.objects.filter(slug=PAST_CALL).first()
    users = get_user_model().objects.order_by("pk")
    coordinator = users.filter(groups__name=COORDINATOR).first()
    reviewers = [users.filter(email=email, groups__name=REVIEWER).first()
                 for email in content.REVIEWERS]  # fmt: skip
    if call is None or coordinator is None or None in reviewers:
        return
    applicants = [*content.SELECTED, *content.PAST_OTHERS]
    for number, data in enumerate(applicants, start=1):
        data = {key: value for key, value in data.items() if key not in VISIT_ONLY}
        application = demo_application(call, number, data, submitted_at=call.deadline)
        if application is not None:
            _review_and_decide(application, reviewers, coordinator=coordinator)
    # Released six weeks after the deadline, as a real round would have been; the officers'
    # decision e-mails of a past round are not sent again.
    call.decisions_released_at = call.deadline + dt.timedelta(weeks=6)
    call.save(update_fields=["decisions_released_at"])
    open_visits(call)


def _review_and_decide(application: Application, reviewers, *, coordinator) -> None:
    city = application.city
    for reviewer, scores in zip(reviewers, content.PAST_REVIEWS[city], strict=True):
        _review(application, reviewer, scores, coordinator=coordinator)
    criteria = list(application.call.criteria.order_by("order", "pk"))
    for position, (value, comment) in content.PAST_CONSENSUS.get(city, {}).items():
        record_consensus(application, criteria[position], Decimal(value), comment,
                         actor=coordinator)  # fmt: skip
    outcome, reserve_rank, rationale = content.PAST_DECISIONS[city]
    record_decision(application, outcome=outcome, reserve_rank=reserve_rank,
                    rationale=rationale, actor=coordinator)  # fmt: skip


def _review(application: Application, reviewer, scores, *, coordinator) -> Review:
    review = assign_reviewer(application, reviewer, actor=coordinator)
    review = declare_conflict(review, conflict=False)
    criteria = application.call.criteria.order_by("order", "pk")
    values = {criterion.pk: (Decimal(score), comment)
              for criterion, (score, comment) in zip(criteria, scores, strict=True)}  # fmt: skip
    return save_scores(review, values, submit=True)
