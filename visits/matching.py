"""Matching integration champions with a host city: who may go, and which pairs fit best."""

import itertools
from dataclasses import dataclass

from django.db.models import Count, Q

from calls.models import Theme
from champions.languages import languages_of
from champions.models import Champion

from .models import Visit


def same_city(first: str, second: str) -> bool:
    return first.strip().casefold() == second.strip().casefold()


@dataclass(frozen=True)
class ChampionPair:
    first: Champion
    second: Champion
    covered: list[Theme]
    missing: list[Theme]
    languages: list[str]
    speakers: int

    @property
    def champions(self) -> tuple[Champion, Champion]:
        return self.first, self.second

    @property
    def load(self) -> int:
        """How many other visits being planned or confirmed the two are already on."""
        return self.first.load + self.second.load


def suggest_champion_pairs(visit: Visit, *, limit: int = 5) -> list[ChampionPair]:
    """Pairs of available champions for the visit, best first.

    Each champion covers at least one of the city's challenges and comes from another city
    than the host, and the two come from different cities. Pairs are ranked by how many of
    the city's challenges they cover together, then by how many of the two speak a language
    of the host country, then by how many challenges each covers, then by how few other visits
    they are on already. No pair fits: an empty list.
    """
    application = visit.application
    wanted = list(application.themes.all())
    host_languages = languages_of(application.country.code or "")
    busy = Q(visits__visit__state__in=[Visit.State.PLANNING, Visit.State.CONFIRMED]) & ~Q(
        visits__visit=visit
    )
    champions = (
        Champion.objects.filter(is_available=True)
        .annotate(load=Count("visits", filter=busy))
        .prefetch_related("themes")
        .order_by("name", "pk")  # annotate() drops Meta.ordering; keep the suggestions stable
    )
    candidates = [
        champion
        for champion in champions
        if not same_city(champion.city, application.city)
        and set(wanted) & set(champion.themes.all())
    ]
    pairs = [
        _pair(first, second, wanted, host_languages)
        for first, second in itertools.combinations(candidates, 2)
        if not same_city(first.city, second.city)
    ]
    pairs.sort(key=lambda pair: (-len(pair.covered), -pair.speakers, -_depth(pair, wanted),
                                 pair.load, pair.first.name, pair.second.name))  # fmt: skip
    return pairs[:limit]


def _pair(first, second, wanted: list[Theme], host_languages: set[str]) -> ChampionPair:
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
    )


def _depth(pair: ChampionPair, wanted: list[Theme]) -> int:
    return sum(len(set(wanted) & set(champion.themes.all())) for champion in pair.champions)
