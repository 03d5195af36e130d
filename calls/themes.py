"""The themes a call offers, read once per version of the call.

Every change to a call's themes, or to a theme it offers, gives the call a new ``updated_at``
(calls/signals.py), so the list is kept in the cache under that version: the application form
lists the call's themes on every page without a query. Each process also keeps the lists it
read, under the same versions (a new version is a new key), so that a page reads no cache.
"""

from django.core.cache import cache

from .models import Call, Theme

KEEP_SECONDS = 3600
# The lists this process read, by version; emptied when full (old versions are never asked for).
_read: dict[str, list[Theme]] = {}
_MAX_READ = 256


def offered_themes(call: Call) -> list[Theme]:
    """The call's themes, in their order. Asked twice on a form page (the ticked themes and
    the checkboxes): the second time, the call itself remembers them."""
    key = f"calls:themes:{call.pk}:{call.updated_at.isoformat()}"
    known = call.__dict__.get("_offered_themes")
    if known is not None and known[0] == key:
        return known[1]
    themes = _read.get(key)
    if themes is None:
        themes = cache.get(key)
        if themes is None:
            themes = list(call.themes.all())
            cache.set(key, themes, timeout=KEEP_SECONDS)
        if len(_read) >= _MAX_READ:
            _read.clear()
        _read[key] = themes
    call._offered_themes = (key, themes)
    return themes


def forget_read_themes() -> None:
    """Empty this process's lists (a test that empties the cache empties these too)."""
    _read.clear()
