"""Migration 0005 moves the recorded changes into the one audit trail before dropping them."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from consolidate.models import AuditEntry
from tests.factories import ApplicationFactory, UserFactory

BEFORE = [("reviews", "0004_selection_report")]
AFTER = [("reviews", "0005_change_to_audit_trail")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_recorded_changes_become_audit_entries_on_their_application():
    application = ApplicationFactory(city="Lyon")
    coordinator = UserFactory(roles=["coordinator"])
    at = timezone.now() - dt.timedelta(days=3)
    try:
        Change = migrate(BEFORE).get_model("reviews", "Change")
        Change.objects.create(
            application_id=application.pk,
            kind="score",
            subject="R1: Quality",
            old_value="4.0",
            new_value="3",
            actor_id=coordinator.pk,
            at=at,
        )
        Change.objects.create(
            application_id=application.pk, kind="review", subject="assigned",
            old_value="", new_value="x", actor_id=coordinator.pk, at=at,
        )  # fmt: skip
    finally:
        migrate(AFTER)
    review, score = AuditEntry.objects.about(application).order_by("action")
    assert (review.action, score.action) == ("reviews.review", "reviews.score")
    assert (score.before, score.after) == ({"value": "4.0"}, {"value": "3"})
    assert review.before == {"value": None}
    assert score.actor_id == coordinator.pk and score.actor_label == coordinator.email
    assert score.at == at and score.subject == "R1: Quality"
    assert score.object_label == "draft: Lyon"
