"""Every decision of reviews leaves an entry in the one audit trail: who, what, before, after."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from consolidate.models import AuditEntry
from reviews.services import (
    assign_reviewer,
    assign_reviewers_automatically,
    declare_conflict,
    record_consensus,
    record_decision,
    reopen_review,
    request_selection_report,
    save_scores,
)
from tests.factories import UserFactory
from tests.reviews.conftest import make_applications

pytestmark = pytest.mark.django_db


def last(action: str, target) -> AuditEntry:
    return AuditEntry.objects.about(target).by_action(action).first()


def scores(call, *values):
    return {c.pk: (Decimal(v), "") for c, v in zip(call.criteria.all(), values, strict=True)}


def test_every_decision_on_reviews_leaves_an_audit_entry(call, reviewer, coordinator):
    first, second = make_applications(call, 2)
    review = assign_reviewer(first, reviewer, actor=coordinator)
    entry = last("reviews.assign", first)
    assert (entry.actor, entry.after) == (coordinator, {"reviewer": reviewer.email,
                                                        "automatic": False})  # fmt: skip

    conflicted = UserFactory(roles=["reviewer"])
    declare_conflict(assign_reviewer(second, conflicted, actor=coordinator), conflict=True,
                     reason="I used to work there")  # fmt: skip
    entry = last("reviews.conflict", second)
    assert entry.actor == conflicted and entry.before == {"state": "assigned"}
    assert entry.after == {"state": "conflict", "reason": "I used to work there"}

    assign_reviewers_automatically([second], actor=coordinator)
    entry = last("reviews.assign", second)
    assert entry.actor == coordinator and entry.after["automatic"] is True

    review = declare_conflict(review, conflict=False)
    assert last("reviews.conflict", first).after == {"state": "scoring", "reason": ""}
    review = save_scores(review, scores(call, "4", "4.5"), submit=True)
    entry = last("reviews.score", first)
    assert entry.actor == reviewer and entry.before == {"value": None}
    entry = last("reviews.submit_review", first)
    assert entry.actor == reviewer and entry.before == {"state": "scoring"}
    assert entry.after["state"] == "submitted" and sorted(entry.after["scores"].values()) == [
        "4.0", "4.5"]  # fmt: skip

    reopen_review(review, actor=coordinator)
    entry = last("reviews.reopen", first)
    assert entry.actor == coordinator
    assert (entry.before["state"], entry.after["state"]) == ("submitted", "scoring")
    save_scores(review, scores(call, "5", "4.5"), submit=True)
    entry = AuditEntry.objects.about(first).filter(action="reviews.score").first()
    assert (entry.before, entry.after) == ({"value": "4.0"}, {"value": "5"})

    criterion = call.criteria.first()
    record_consensus(first, criterion, Decimal("4.5"), "Agreed", actor=coordinator)
    entry = last("reviews.consensus", first)
    assert entry.actor == coordinator and entry.subject == str(criterion)
    assert (entry.before, entry.after) == ({"value": None, "comment": ""},
                                           {"value": "4.5", "comment": "Agreed"})  # fmt: skip

    record_decision(first, outcome="reserve", reserve_rank=1, rationale="Wait", actor=coordinator)
    record_decision(first, outcome="selected", rationale="Strong", actor=coordinator)
    entry = last("reviews.decision", first)
    assert entry.actor == coordinator
    assert (entry.before["value"], entry.after["value"]) == ("Reserve 1", "Selected")
    assert entry.after["rationale"] == "Strong"
    record_decision(second, outcome="not_selected", rationale="Weak", actor=coordinator)
    assert last("reviews.decision", second).before == {"value": None}

    # The release's entries: tests/reviews/test_release.py.
    report = request_selection_report(call, actor=coordinator)
    entry = last("reviews.selection_report", call)
    assert (entry.actor, entry.after) == (coordinator, {"report": report.pk})


def test_the_trail_names_what_it_is_about_and_survives_the_actors_erasure(call, coordinator):
    (application,) = make_applications(call, 1)
    reviewer = UserFactory(roles=["reviewer"])
    assign_reviewer(application, reviewer, actor=coordinator)
    entry = last("reviews.assign", application)
    assert entry.content_type == ContentType.objects.get_for_model(application)
    assert entry.object_label == str(application)
    email = coordinator.email
    coordinator.email = ""
    coordinator.save()
    entry.refresh_from_db()
    assert entry.actor_label == email


def test_the_application_admin_page_shows_its_audit_trail(client, call, reviewer, coordinator):
    (application,) = make_applications(call, 1)
    assign_reviewer(application, reviewer, actor=coordinator)
    client.force_login(coordinator)
    page = client.get(f"/admin/applications/application/{application.pk}/change/")
    text = page.content.decode()
    assert "reviews.assign" in text and coordinator.email in text
