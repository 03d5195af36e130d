"""A visit's question to the champions' matching rule: its host, its challenges, and how many
other visits each champion is already on (which only visits knows)."""

from django.db.models import Count

from champions.matching import ChampionPair, suggest_pairs

from .models import TeamMember, Visit


def suggest_champion_pairs(visit: Visit, *, limit: int = 5) -> list[ChampionPair]:
    """Pairs of available champions for the visit, best first (see ``suggest_pairs``)."""
    application = visit.application
    busy = (
        TeamMember.objects.filter(
            champion__isnull=False, visit__state__in=[Visit.State.PLANNING, Visit.State.CONFIRMED]
        )
        .exclude(visit=visit)
        .values("champion")
        .annotate(visits=Count("visit"))
    )
    return suggest_pairs(
        city=application.city,
        country_code=application.country.code or "",
        wanted=list(application.themes.all()),
        load={row["champion"]: row["visits"] for row in busy},
        limit=limit,
    )
