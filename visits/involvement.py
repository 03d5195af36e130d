"""Whether someone has visits to look at, for the site's menu, without a query on every page.

The answer is kept in the shared cache per user and worked out at login or when it is missing.
Any change to a team or a visit starts a new generation of answers, so nobody keeps a stale one.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "visits:involvement-generation"
# With a cache per process (no CACHE_URL), another process's change is seen within this time.
ANSWER_SECONDS = 300


def _generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.set(GENERATION_KEY, generation, timeout=None)
    return generation


def is_involved(user) -> bool:
    """Whether the user is on a visit's team or hosts a visit."""
    if not user.is_authenticated:
        return False
    key = f"visits:involved:{_generation()}:{user.pk}"
    involved = cache.get(key)
    if involved is None:
        from .models import Visit

        involved = Visit.objects.involving(user).exists()
        cache.set(key, involved, timeout=ANSWER_SECONDS)
    return involved


def forget_involvement() -> None:
    """Teams or hosts changed: start a new generation now, and again once the change commits."""
    _new_generation()
    transaction.on_commit(_new_generation)


def _new_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
