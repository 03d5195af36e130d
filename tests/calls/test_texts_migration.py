"""A call written before its texts had a column per language keeps them, as its English ones."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

BEFORE = [("calls", "0006_champion_moved_to_champions")]
AFTER = [("calls", "0008_copy_call_texts_to_english")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_texts_written_before_become_the_english_ones():
    old = migrate(BEFORE)
    now = timezone.now()
    call = old.get_model("calls", "Call").objects.create(
        title="Old call", slug="old-call", summary="Old summary", eligibility="Cities",
        opens_at=now, deadline=now + dt.timedelta(days=9),
        visit_window_start=dt.date(2027, 1, 1), visit_window_end=dt.date(2027, 6, 30),
    )  # fmt: skip
    theme = old.get_model("calls", "Theme").objects.create(name="Housing", slug="housing")
    criterion = old.get_model("calls", "Criterion").objects.create(
        call=call, name="Quality", description="How concrete"
    )
    old.get_model("calls", "CriterionLevel").objects.create(
        criterion=criterion, score=5, description="Very"
    )
    old.get_model("calls", "Contact").objects.create(
        call=call, name="Ada", role="Officer", email="ada@example.org"
    )

    new = migrate(AFTER)

    migrated = new.get_model("calls", "Call").objects.get(pk=call.pk)
    assert (migrated.title_en, migrated.summary_en, migrated.eligibility_en) == (
        "Old call", "Old summary", "Cities",
    )  # fmt: skip
    assert migrated.title_fr is None or migrated.title_fr == ""
    assert new.get_model("calls", "Theme").objects.get(pk=theme.pk).name_en == "Housing"
    level = new.get_model("calls", "CriterionLevel").objects.get(criterion_id=criterion.pk)
    assert level.description_en == "Very"
    assert new.get_model("calls", "Contact").objects.get(call_id=call.pk).role_en == "Officer"
    # And the real model reads them in every language, English where no other is written.
    from calls.models import Call

    with translation.override("fr"):
        assert Call.objects.get(pk=call.pk).title == "Old call"
