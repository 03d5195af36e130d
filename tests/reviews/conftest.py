import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from reviews.services import assign_reviewer, declare_conflict, save_scores
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    UserFactory,
    submitted,
)


@pytest.fixture
def coordinator():
    return UserFactory(roles=["coordinator"], is_staff=True)


@pytest.fixture
def reviewer():
    return UserFactory(roles=["reviewer"], is_staff=True)


@pytest.fixture
def call():
    call = CallFactory(places=2, reviewers_per_application=2)
    for order in range(2):
        CriterionFactory(call=call, order=order)
    return call


def make_applications(call, count):
    return [
        submitted(ApplicationFactory(call=call, city=f"City {n}"), number=n)
        for n in range(1, count + 1)
    ]


def score(review, values, *, submit=True):
    """Declare no conflict and score each criterion of the review's call with ``values``."""
    if review.state == "assigned":
        review = declare_conflict(review, conflict=False)
    criteria = list(review.application.call.criteria.all())
    return save_scores(
        review,
        {c.pk: (Decimal(str(v)), f"comment {v}") for c, v in zip(criteria, values, strict=True)},
        submit=submit,
    )


def review_of(application, reviewer, values, *, actor, submit=True):
    return score(assign_reviewer(application, reviewer, actor=actor), values, submit=submit)


def close(call):
    """The call's deadline, a minute ago: decisions can be released only once it has closed."""
    call.deadline = timezone.now() - dt.timedelta(minutes=1)
    call.save(update_fields=["deadline"])
    return call
