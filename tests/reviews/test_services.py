import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection

from consolidate.models import AuditEntry
from consolidate.refusals import Refused
from people.models import ReviewerProfile
from reviews.models import Decision, Review
from reviews.services import (
    assign_reviewer,
    assign_reviewers_automatically,
    declare_conflict,
    record_consensus,
    record_decision,
    release_decisions,
    reopen_review,
    save_scores,
)
from tests.factories import ApplicationFactory, UserFactory
from tests.reviews.conftest import make_applications, review_of, score

pytestmark = pytest.mark.django_db


def test_reviewer_from_the_applicants_city_is_never_assigned(call, reviewer, coordinator):
    (application,) = make_applications(call, 1)
    ReviewerProfile.objects.create(user=reviewer, city=f"  {application.city.upper()} ")
    with pytest.raises(Refused, match="cannot review"):
        assign_reviewer(application, reviewer, actor=coordinator)


def test_only_reviewers_and_only_submitted_applications(call, reviewer, coordinator):
    (application,) = make_applications(call, 1)
    with pytest.raises(Refused):
        assign_reviewer(application, UserFactory(roles=["applicant"]), actor=coordinator)
    with pytest.raises(Refused):
        assign_reviewer(ApplicationFactory(call=call), reviewer, actor=coordinator)
    assign_reviewer(application, reviewer, actor=coordinator)
    with pytest.raises(Refused, match="already assigned"):
        assign_reviewer(application, reviewer, actor=coordinator)


def test_automatic_assignment_gives_each_application_its_reviewers_evenly(call, coordinator):
    reviewers = [UserFactory(roles=["reviewer"], is_staff=True) for _ in range(3)]
    applications = make_applications(call, 3)
    ReviewerProfile.objects.create(user=reviewers[0], city=applications[0].city)
    assert assign_reviewers_automatically(applications, actor=coordinator) == 6
    for application in applications:
        assert application.reviews.count() == 2
    assert not Review.objects.filter(application=applications[0], reviewer=reviewers[0]).exists()
    loads = sorted(Review.objects.filter(reviewer=r).count() for r in reviewers)
    assert loads == [2, 2, 2]
    assert assign_reviewers_automatically(applications, actor=coordinator) == 0


def test_declaring_a_conflict_removes_the_reviewer(call, reviewer, coordinator):
    (application,) = make_applications(call, 1)
    review = assign_reviewer(application, reviewer, actor=coordinator)
    with pytest.raises(Refused):
        declare_conflict(review, conflict=True, reason="")
    review = declare_conflict(review, conflict=True, reason="I used to work there")
    assert review.state == Review.State.CONFLICT
    with pytest.raises(Refused):
        save_scores(review, {})


def test_scores_must_be_on_the_scale_and_complete_to_submit(call, reviewer, coordinator):
    (application,) = make_applications(call, 1)
    review = declare_conflict(assign_reviewer(application, reviewer, actor=coordinator),
                              conflict=False)  # fmt: skip
    first, second = call.criteria.all()
    with pytest.raises(Refused, match="scale"):
        save_scores(review, {first.pk: (Decimal("4.2"), "")})
    with pytest.raises(Refused, match="every criterion"):
        save_scores(review, {first.pk: (Decimal("4.5"), "")}, submit=True)
    save_scores(review, {first.pk: (Decimal("4.5"), "draft")})
    review.refresh_from_db()
    assert review.state == Review.State.SCORING


def test_submitted_review_is_locked_until_reopened(call, reviewer, coordinator):
    (application,) = make_applications(call, 1)
    review = review_of(application, reviewer, [4, 5], actor=coordinator)
    assert review.state == Review.State.SUBMITTED
    with pytest.raises(Refused):
        score(review, [1, 1])
    reopen_review(review, actor=coordinator)
    review = score(review, [1, 1])
    assert sorted(s.value for s in review.scores.all()) == [Decimal(1), Decimal(1)]


def test_every_change_is_recorded_with_old_and_new_values(call, reviewer, coordinator):
    (application,) = make_applications(call, 1)
    review = review_of(application, reviewer, [4, 5], actor=coordinator)
    reopen_review(review, actor=coordinator)
    score(review, [3, 5])
    criterion = call.criteria.first()
    record_consensus(application, criterion, Decimal("3.5"), "agreed", actor=coordinator)
    change = (
        AuditEntry.objects.about(application)
        .filter(action="reviews.score", before={"value": "4.0"})
        .get()
    )
    assert change.after == {"value": "3"} and change.actor == reviewer
    consensus = AuditEntry.objects.about(application).by_action("reviews.consensus").get()
    assert consensus.after["value"] == "3.5" and consensus.actor == coordinator


def test_no_more_selected_than_places(call, coordinator):
    applications = make_applications(call, 3)
    reviewer = UserFactory(roles=["reviewer"])
    for application in applications:
        review_of(application, reviewer, [4, 4], actor=coordinator)
    for application in applications[:2]:
        record_decision(application, outcome="selected", rationale="Strong", actor=coordinator)
    with pytest.raises(Refused, match="places"):
        record_decision(applications[2], outcome="selected", rationale="x", actor=coordinator)
    record_decision(applications[0], outcome="selected", rationale="Still", actor=coordinator)
    assert Decision.objects.selected().count() == 2


def test_unscored_or_below_threshold_cannot_be_selected(call, coordinator, reviewer):
    unscored, low = make_applications(call, 2)
    with pytest.raises(Refused, match="threshold"):
        record_decision(unscored, outcome="selected", rationale="x", actor=coordinator)
    criterion = call.criteria.first()
    criterion.threshold = Decimal("3")
    criterion.save()
    review_of(low, reviewer, [2.5, 5], actor=coordinator)
    with pytest.raises(Refused, match="threshold"):
        record_decision(low, outcome="selected", rationale="x", actor=coordinator)


def test_reserve_needs_a_unique_rank(call, coordinator):
    first, second = make_applications(call, 2)
    with pytest.raises(Refused, match="reserve rank"):
        record_decision(first, outcome="reserve", rationale="x", actor=coordinator)
    record_decision(first, outcome="reserve", reserve_rank=1, rationale="x", actor=coordinator)
    with pytest.raises(Refused, match="already has reserve rank 1"):
        record_decision(second, outcome="reserve", reserve_rank=1, rationale="y",
                        actor=coordinator)  # fmt: skip


def test_release_needs_every_decision_and_tells_each_applicant(
    call, coordinator, django_capture_on_commit_callbacks
):
    first, second = make_applications(call, 2)
    record_decision(first, outcome="not_selected", rationale="Weak", actor=coordinator)
    with pytest.raises(Refused, match="no decision"):
        release_decisions(call, actor=coordinator)
    record_decision(second, outcome="not_selected", rationale="Weak", actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        assert release_decisions(call, actor=coordinator) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [first.applicant.email, second.applicant.email]
    )
    with pytest.raises(Refused, match="released"):
        record_decision(first, outcome="selected", rationale="Changed", actor=coordinator)


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_selecting_at_once_cannot_exceed_the_places(postgres, call):
    call.places = 1
    call.save()
    applications = make_applications(call, 2)
    reviewer = UserFactory(roles=["reviewer"])
    coordinators = [UserFactory(roles=["coordinator"]) for _ in range(2)]
    for application in applications:
        review_of(application, reviewer, [4, 4], actor=coordinators[0])
    barrier = threading.Barrier(2)
    outcomes = []

    def select(application, coordinator):
        try:
            barrier.wait()
            record_decision(application, outcome="selected", rationale="Go", actor=coordinator)
            outcomes.append("selected")
        except Refused as refusal:
            outcomes.append(str(refusal))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=select, args=pair)
        for pair in zip(applications, coordinators, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("selected") == 1
    assert Decision.objects.selected().filter(call=call).count() == 1
