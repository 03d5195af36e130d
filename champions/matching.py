"""Matching integration champions with a host city: who may go, and which pairs fit best."""

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from calls.models import Theme
from consolidate.cities import same_city

from .languages import languages_of
from .models import Champion


@dataclass(frozen=True)
class ChampionPair:
    first: Champion
    second: Champion
    covered: list[Theme]
    missing: list[Theme]
    languages: list[str]
    speakers: int
    load: int  # how many other visits being planned or confirmed the two are already on

    @property
    def champions(self) -> tuple[Champion, Champion]:
        return self.first, self.second


def champions_covering(themes: Sequence[Theme]) -> list[tuple[Champion, set[Theme]]]:
    """The available champions who know about at least one of ``themes``, with which ones."""
    champions = (
        Champion.objects.available().covering(themes).prefetch_related("themes").order_by("name")
    )
    wanted = set(themes)
    return [(champion, wanted & set(champion.themes.all())) for champion in champions]


def suggest_pairs(
    *,
    city: str,
    country_code: str,
    wanted: Sequence[Theme],
    load: Mapping[int, int],
    limit: int = 5,
) -> list[ChampionPair]:
    """Pairs of available champions for a visit to ``city``, best first.

    Each champion covers at least one of the city's challenges (``wanted``) and comes from
    another city than the host, and the two come from different cities. Pairs are ranked by
    how many of the city's challenges they cover together, then by how many of the two speak a
    language of the host country, then by how many challenges each covers, then by how few
    other visits they are on already (``load``: champion id -> visits). No pair fits: an empty
    list.
    """
    wanted = list(wanted)
    host_languages = languages_of(country_code)
    champions = Champion.objects.available().prefetch_related("themes").order_by("name", "pk")
    candidates = [
        champion
        for champion in champions
        if not same_city(champion.city, city) and set(wanted) & set(champion.themes.all())
    ]
    pairs = [
        _pair(first, second, wanted, host_languages, load)
        for first, second in itertools.combinations(candidates, 2)
        if not same_city(first.city, second.city)
    ]
    pairs.sort(key=lambda pair: (-len(pair.covered), -pair.speakers, -_depth(pair, wanted),
                                 pair.load, pair.first.name, pair.second.name))  # fmt: skip
    return pairs[:limit]


def _pair(first, second, wanted: list[Theme], host_languages: set[str], load) -> ChampionPair:
    themes = set(first.themes.all()) | set(second.themes.all())
    spoken = [
        set(first.language_codes) & host_languages,
        set(second.language_codes) & host_languages,
    ]
    return ChampionPair(
        first=first,
        second=second,
        covered=[theme for theme in wanted if theme in themes],
        missing=[theme for theme in wanted if theme not in themes],
        languages=sorted(spoken[0] | spoken[1]),
        speakers=sum(1 for languages in spoken if languages),
        load=load.get(first.pk, 0) + load.get(second.pk, 0),
    )


def _depth(pair: ChampionPair, wanted: list[Theme]) -> int:
    return sum(len(set(wanted) & set(champion.themes.all())) for champion in pair.champions)
