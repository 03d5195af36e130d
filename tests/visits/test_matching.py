import pytest

from tests.factories import VisitFactory
from tests.visits.conftest import champion
from visits.matching import suggest_champion_pairs
from visits.services import set_team

pytestmark = pytest.mark.django_db


def test_pairs_for_a_visit_prefer_champions_on_fewer_other_visits(
    visit, labour, housing, coordinator
):
    busy = champion("Aaron", "Athens", [labour])
    bonn, lyon = champion("Bea", "Bonn", [labour]), champion("Cleo", "Lyon", [labour])
    set_team(VisitFactory(), [busy, champion("Zed", "Zagreb", [housing])], actor=coordinator)

    pairs = suggest_champion_pairs(visit)

    assert [({pair.first, pair.second}, pair.load) for pair in pairs] == [
        ({bonn, lyon}, 0),
        ({busy, bonn}, 1),
        ({busy, lyon}, 1),
    ]


def test_a_visit_asks_for_its_own_challenges_and_ignores_its_own_team(
    visit, labour, housing, coordinator
):
    visit.application.themes.set([labour, housing])
    berlin = champion("Anna", "Berlin", [labour], languages="de, en")
    madrid = champion("Carla", "Madrid", [housing], languages="pt")
    set_team(visit, [berlin, madrid], actor=coordinator)

    [pair] = suggest_champion_pairs(visit)

    assert pair.covered == [housing, labour] and pair.languages == ["pt"] and pair.load == 0
