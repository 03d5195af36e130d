"""A champion's own record, for "my data" (see people.services).

Erasure keeps the row, because past visits' teams point at it, but leaves nothing of the
person: no name, address, languages or account, and the champion is no longer offered for visits.
"""

from django.utils.translation import gettext

from .models import Champion

FIELDS = ("name", "email", "city", "country", "programme", "languages", "is_available")


def export(user) -> list[dict]:
    champions = Champion.objects.filter(user=user).prefetch_related("themes")
    return [
        {
            **{field: str(getattr(champion, field)) for field in FIELDS},
            "themes": [theme.name for theme in champion.themes.all()],
        }
        for champion in champions
    ]


def erase(user) -> None:
    for champion in Champion.objects.filter(user=user):
        champion.name = gettext("Erased champion")
        champion.email = f"erased-{champion.pk}@invalid"
        champion.languages = ""
        champion.is_available = False
        champion.user = None
        champion.save()
