"""The closed 2025 call's round, told whole: two cities applied, both demo reviewers scored them
through the review services, and the coordinator selected them, so that their standings, the
ranking and their decision letters hold real scores."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from applications.models import Application
from calls.models import Call
from people.roles import COORDINATOR, REVIEWER
from reviews.models import Decision, Review
from reviews.services import assign_reviewer, declare_conflict, record_decision, save_scores
from visits.services import open_visits

from . import content
from .applications import demo_application

PAST_CALL = "cities-helping-cities-2025"


def select_demo_cities() -> None:
    """Lisbon and Leipzig apply to the 2025 call, are reviewed, selected and released."""
    call = Call.objects.filter(slug=PAST_CALL).first()
    users = get_user_model().objects.order_by("pk")
    coordinator = users.filter(groups__name=COORDINATOR).first()
    reviewers = [users.filter(email=email, groups__name=REVIEWER).first()
                 for email in content.REVIEWERS]  # fmt: skip
    if call is None or coordinator is None or None in reviewers:
        return
    for number, data in enumerate(content.SELECTED, start=1):
        visit_only = ("stakeholders", "feedback_subject")
        data = {key: value for key, value in data.items() if key not in visit_only}
        application = demo_application(call, number, data, submitted_at=call.deadline)
        if application is None:
            continue
        for reviewer, scores in zip(
            reviewers, content.SELECTED_REVIEWS[application.city], strict=True
        ):
            _review(application, reviewer, scores, coordinator=coordinator)
        record_decision(application, outcome=Decision.Outcome.SELECTED,
                        rationale=content.SELECTION_RATIONALE, actor=coordinator)  # fmt: skip
    # Released six weeks after the deadline, as a real round would have been; the officers'
    # decision e-mails of a past round are not sent again.
    call.decisions_released_at = call.deadline + dt.timedelta(weeks=6)
    call.save(update_fields=["decisions_released_at"])
    open_visits(call)


def _review(application: Application, reviewer, scores, *, coordinator) -> Review:
    review = assign_reviewer(application, reviewer, actor=coordinator)
    review = declare_conflict(review, conflict=False)
    criteria = application.call.criteria.order_by("order", "pk")
    values = {criterion.pk: (Decimal(score), comment)
              for criterion, (score, comment) in zip(criteria, scores, strict=True)}  # fmt: skip
    return save_scores(review, values, submit=True)
