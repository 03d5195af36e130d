from dataclasses import dataclass, field

import pytest

from applications.services import withdraw_application
from reviews.services import record_decision
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    PastVisitFactory,
    UserFactory,
    claim_in,
    submitted,
)
from tests.reviews.conftest import close, make_applications, review_of


@dataclass
class Round:
    call: object
    coordinator: object
    reviewers: list
    applications: list
    drafts: list = field(default_factory=list)
    claims: list = field(default_factory=list)


@pytest.fixture
def coordinator():
    return UserFactory(roles=["coordinator"], is_staff=True, first_name="Carla", last_name="Coord")


def seed_round(size: int, coordinator) -> Round:
    """A closed call with ``size`` submitted applications, two drafts and one withdrawn; two
    reviewers (one is Inês) who scored them, the second leaving their last review unsubmitted;
    decisions on all but the last; visits and claims (paid, submitted) for the first two."""
    call = CallFactory(places=2, reviewers_per_application=2, title="Round")
    for order in range(2):
        CriterionFactory(call=call, order=order, name=f"Criterion {order + 1}")
    applications = make_applications(call, size)
    drafts = [ApplicationFactory(call=call, country="PT") for _ in range(2)]
    withdrawn = submitted(ApplicationFactory(call=call, city="Withdrawn"), number=size + 1)
    withdraw_application(withdrawn, by=withdrawn.applicant)
    reviewers = [
        UserFactory(roles=["reviewer"], is_staff=True, first_name="Inês", last_name="Sousa"),
        UserFactory(roles=["reviewer"], is_staff=True, first_name="Ola", last_name="Berg"),
    ]
    for index, application in enumerate(applications):
        review_of(application, reviewers[0], [4, 3.5], actor=coordinator)
        last = index == len(applications) - 1 and index > 0
        review_of(application, reviewers[1], [1, 3], actor=coordinator, submit=not last)
    close(call)
    for index, application in enumerate(applications[:-1] if size > 1 else applications):
        outcome = "selected" if index < 2 else "not_selected"
        record_decision(application, outcome=outcome, rationale="Because.", actor=coordinator)
    claims = []
    for state, application in zip(("paid", "submitted"), applications[:2], strict=False):
        visit = PastVisitFactory(application=application)
        claims.append(claim_in(state, coordinator=coordinator, lines=2, visit=visit))
    return Round(call, coordinator, reviewers, applications, drafts, claims)


@pytest.fixture
def seeded(coordinator):
    return seed_round(4, coordinator)
