import datetime as dt

import pytest

from notifications.models import Email
from reviews.services import assign_reviewer, declare_conflict, save_scores
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    UserFactory,
    submitted,
)

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2031, 5, 1, 12, tzinfo=dt.UTC)


def test_reviewers_with_unfinished_reviews_are_reminded_once_per_occasion(scan):
    call = CallFactory(review_deadline=NOW + dt.timedelta(days=20))
    CriterionFactory(call=call)
    coordinator = UserFactory(roles=["coordinator"])
    busy, done = UserFactory(roles=["reviewer"]), UserFactory(roles=["reviewer"])
    for number in (1, 2):
        application = submitted(ApplicationFactory(call=call), number=number)
        assign_reviewer(application, busy, actor=coordinator)
    finished = declare_conflict(assign_reviewer(application, done, actor=coordinator),
                                conflict=False)  # fmt: skip
    save_scores(finished, {call.criteria.get().pk: (call.score_max, "")}, submit=True)
    two_days_before = call.review_deadline - dt.timedelta(days=2)
    assert scan(two_days_before) == 1
    assert scan(two_days_before) == 0
    email = Email.objects.exclude(kind="submission_confirmation").get()
    assert email.recipient == busy.email
    assert "2 reviews to finish" in email.subject
