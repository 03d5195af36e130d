import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from champions.models import Champion

# The last migrations before Champion moved out of calls.
BEFORE_THE_MOVE = [
    ("calls", "0005_call_claim_reminder_days_call_feedback_reminder_days_and_more"),
    ("visits", "0002_lumpsumclaim_expenseline_and_more"),
    ("champions", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_champions_and_their_themes_survive_the_move_out_of_calls():
    executor = _migrate(BEFORE_THE_MOVE)
    try:
        old = executor.loader.project_state(BEFORE_THE_MOVE[:2]).apps
        theme = old.get_model("calls", "Theme").objects.create(name="Housing", slug="housing")
        champion = old.get_model("calls", "Champion").objects.create(
            name="Anna", email="anna@example.org", city="Vienna", country="AT",
            programme="unites", languages="de, en",
        )  # fmt: skip
        champion.themes.add(theme)
    finally:
        executor = _migrate(executor.loader.graph.leaf_nodes())

    moved = Champion.objects.get(email="anna@example.org")
    assert (moved.name, moved.city) == ("Anna", "Vienna")
    assert [theme.slug for theme in moved.themes.all()] == ["housing"]
    assert Champion.themes.through._meta.db_table == "calls_champion_themes"
