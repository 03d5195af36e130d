"""A person's language and time zone, and doing something in them.

``language_of(user)`` and ``zone_of(user)`` read what the person chose (or the site's defaults
for someone who never chose, or for no one); ``in_language_of(user)`` renders an e-mail or a PDF
for them, whichever request or worker makes it.
"""

import contextlib
import zoneinfo

from django.conf import settings
from django.utils import translation

from .models import Preferences

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def valid_language(code: str | None) -> str:
    """``code`` reduced to one of ours ("fr-BE" → "fr"), or the site's default."""
    base = (code or "").split("-")[0].lower()
    return base if base in LANGUAGE_CODES else settings.LANGUAGE_CODE


def valid_zone(name: str | None) -> str:
    """``name`` if it is an IANA zone this machine knows, else the site's zone."""
    if name and name in zoneinfo.available_timezones():
        return name
    return settings.TIME_ZONE


def preferences_of(user) -> Preferences | None:
    if user is None or not getattr(user, "pk", None):
        return None
    try:
        return user.preferences
    except Preferences.DoesNotExist:
        return None


def language_of(user, default: str | None = None) -> str:
    """The person's stored language; for someone who never chose, ``default`` (a request
    passes the page's language), else the site's."""
    chosen = preferences_of(user)
    return chosen.language if chosen else valid_language(default)


def zone_of(user) -> zoneinfo.ZoneInfo:
    chosen = preferences_of(user)
    return zoneinfo.ZoneInfo(chosen.time_zone if chosen else settings.TIME_ZONE)


def remember(user, *, language: str | None = None, time_zone: str | None = None) -> Preferences:
    """Store (or change) a person's language and zone; what is not given stays as it was."""
    chosen, _created = Preferences.objects.get_or_create(
        user=user,
        defaults={"language": valid_language(language), "time_zone": valid_zone(time_zone)},
    )
    changed = []
    if language is not None and chosen.language != valid_language(language):
        chosen.language = valid_language(language)
        changed.append("language")
    if time_zone is not None and chosen.time_zone != valid_zone(time_zone):
        chosen.time_zone = valid_zone(time_zone)
        changed.append("time_zone")
    if changed:
        chosen.save(update_fields=changed)
    user.preferences = chosen
    return chosen


@contextlib.contextmanager
def in_language_of(user, default: str | None = None):
    """Translate everything made inside the block into ``user``'s language (see
    ``language_of`` for ``default``)."""
    with translation.override(language_of(user, default)):
        yield
