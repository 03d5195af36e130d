import pytest

from champions.matching import champions_covering, suggest_pairs
from tests.champions.conftest import champion

pytestmark = pytest.mark.django_db


def porto(wanted, *, load=None, limit=5):
    return suggest_pairs(city="Porto", country_code="PT", wanted=wanted, load=load or {},
                         limit=limit)  # fmt: skip


def test_pairs_are_ranked_by_coverage_then_by_host_languages(labour, housing):
    berlin = champion("Anna", "Berlin", [labour], languages="de, en")
    vienna = champion("Bea", "Vienna", [housing], languages="de, en")
    madrid = champion("Carla", "Madrid", [labour], languages="es, pt, en")
    lyon = champion("Dora", "Lyon", [labour], languages="fr, pt")

    pairs = porto([labour, housing], limit=10)

    ranked = [{pair.first, pair.second} for pair in pairs]
    assert ranked[:3] == [{vienna, madrid}, {vienna, lyon}, {berlin, vienna}]
    assert pairs[0].covered == [labour, housing] and pairs[0].languages == ["pt"]
    assert pairs[2].speakers == 0
    assert {madrid, lyon} in ranked[3:]
    assert pairs[-1].missing == [housing]


def test_suggestions_never_pair_host_city_same_city_or_unavailable_champions(labour):
    champion("Local", " porto ", [labour])
    champion("Away", "Porto", [labour], is_available=False)
    first_madrid = champion("Madrid One", "Madrid", [labour])
    second_madrid = champion("Madrid Two", "madrid", [labour])
    bonn = champion("Bonn", "Bonn", [labour])

    pairs = porto([labour])

    assert [{pair.first, pair.second} for pair in pairs] == [
        {bonn, first_madrid},
        {bonn, second_madrid},
    ]


def test_equally_matched_pairs_prefer_champions_on_fewer_other_visits(labour):
    busy = champion("Aaron", "Athens", [labour])
    bonn, lyon = champion("Bea", "Bonn", [labour]), champion("Cleo", "Lyon", [labour])

    pairs = porto([labour], load={busy.pk: 1})

    assert [({pair.first, pair.second}, pair.load) for pair in pairs] == [
        ({bonn, lyon}, 0),
        ({busy, bonn}, 1),
        ({busy, lyon}, 1),
    ]


def test_no_suitable_champion_gives_no_suggestion(housing, labour):
    assert porto([labour]) == []
    champion("Housing only", "Vienna", [housing])
    champion("Only one who fits", "Madrid", [labour])
    assert porto([labour]) == []


def test_champions_covering_lists_available_champions_with_the_challenges_they_know(
    labour, housing
):
    both = champion("Anna", "Berlin", [labour, housing])
    one = champion("Bea", "Vienna", [housing])
    champion("Away", "Lyon", [housing], is_available=False)
    champion("Other", "Madrid", [])

    assert champions_covering([labour, housing]) == [(both, {labour, housing}), (one, {housing})]
