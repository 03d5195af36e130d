"""Whether someone has visits to look at, for the site's menu, without a query on every page.

The answer is kept in the shared cache per user, with the generation it was worked out in, and
worked out again when it is missing. Any change to a team or a visit starts a new generation, so
nobody keeps a stale answer. Every signed-in page asks: the generation and the answer are read
together, in one round trip to the cache.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "visits:involvement-generation"
# With a cache per process (no CACHE_URL), another process's change is seen within this time.
ANSWER_SECONDS = 300


def kept_keys(user_id) -> list[str]:
    """What ``is_involved`` reads: read with the signed-in person's row (people/signed_in.py)."""
    return [GENERATION_KEY, _answer_key(user_id)]


def _answer_key(user_id) -> str:
    return f"visits:involved:{user_id}"


def is_involved(user) -> bool:
    """Whether the user is on a visit's team or hosts a visit."""
    if not user.is_authenticated:
        return False
    key = _answer_key(user.pk)
    kept = getattr(user, "kept_reads", None)
    if kept is None or key not in kept:
        kept = cache.get_many([GENERATION_KEY, key])
    generation = kept.get(GENERATION_KEY)
    if generation is None:
        generation = _new_generation()
    elif (kept.get(key) or (None,))[0] == generation:
        return kept[key][1]
    from .models import Visit

    involved = Visit.objects.involving(user).exists()
    cache.set(key, (generation, involved), timeout=ANSWER_SECONDS)
    return involved


def forget_involvement() -> None:
    """Teams or hosts changed: start a new generation now, and again once the change commits."""
    _new_generation()
    transaction.on_commit(_new_generation)


def _new_generation() -> str:
    generation = uuid.uuid4().hex
    cache.set(GENERATION_KEY, generation, timeout=None)
    return generation
