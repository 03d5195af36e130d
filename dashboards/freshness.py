"""The dashboards' counts, kept in the cache until anything they count changes, a minute at most.

Counting a call of 10,000 applications takes a few hundred milliseconds of aggregate queries;
staff open the dashboard and the staff home far more often than the round changes. Every save
or delete of a row the counts read raises one version number (``changed``), which is part of
every cache key, so the next page counts again. Bulk updates send no signal: the minute's
time-out bounds how long their effect can be missed, and with a per-process cache (no
``CACHE_URL``) how long another process's change can be.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

VERSION = "dashboards:version"
MINUTE = 60


def changed(**kwargs) -> None:
    try:
        cache.incr(VERSION)
    except ValueError:  # not set yet, or evicted: any new value makes older keys unused
        cache.set(VERSION, int(timezone.now().timestamp() * 1000), None)


def watch(models) -> None:
    for model in models:
        uid = f"dashboards-{model._meta.label_lower}"
        post_save.connect(changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(changed, sender=field.remote_field.through,
                                dispatch_uid=f"{uid}-{field.name}")  # fmt: skip


def remembered(name: str, count: Callable[[], dict]) -> dict:
    """``count()``'s answer (a dict), with ``counted_at``, from the cache while it is fresh."""
    key = f"dashboards:{cache.get_or_set(VERSION, 1, None)}:{name}"
    found = cache.get(key)
    if found is None:
        found = {**count(), "counted_at": timezone.now()}
        cache.set(key, found, MINUTE)
    return found
