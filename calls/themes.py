"""The themes a call offers, read once per version of the call.

Every change to a call's themes, or to a theme it offers, gives the call a new ``updated_at``
(calls/signals.py), so the list is kept in the cache under that version: the application form
lists the call's themes on every page without a query.
"""

from django.core.cache import cache

from .models import Call, Theme

KEEP_SECONDS = 3600


def offered_themes(call: Call) -> list[Theme]:
    """The call's themes, in their order. Asked twice on a form page (the ticked themes and
    the checkboxes): the second time, the call itself remembers them."""
    key = f"calls:themes:{call.pk}:{call.updated_at.isoformat()}"
    known = call.__dict__.get("_offered_themes")
    if known is not None and known[0] == key:
        return known[1]
    themes = cache.get(key)
    if themes is None:
        themes = list(call.themes.all())
        cache.set(key, themes, timeout=KEEP_SECONDS)
    call._offered_themes = (key, themes)
    return themes
