"""The admin's red banner when Celery beat or the worker has stopped (``{% background_alert %}``).

Read from the heartbeats (one query), kept in the cache for half a minute so that a busy admin
does not ask on every page.
"""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from consolidate.health import tasks_run_eagerly
from consolidate.models import Heartbeat

register = template.Library()
CACHE_KEY = "health:background-alert"


def stopped_process() -> str:
    """``"beat"`` or ``"worker"`` when that one has not shown itself for two heartbeats, or ""."""
    if tasks_run_eagerly():
        return ""  # no worker or beat is expected: tasks run in the web process
    seen = dict(Heartbeat.objects.values_list("name", "at"))
    limit = 2 * settings.HEALTH_HEARTBEAT_SECONDS
    now = timezone.now()
    for name in ("beat", "worker"):
        if name not in seen or (now - seen[name]).total_seconds() > limit:
            return name
    return ""


@register.simple_tag
def background_alert() -> str:
    stopped = cache.get(CACHE_KEY)
    if stopped is None:
        stopped = stopped_process()
        cache.set(CACHE_KEY, stopped, 30)
    if stopped == "beat":
        return _(
            "The scheduler (Celery beat) is not running: reminders are not being sent. "
            "Ask the operator to start it."
        )
    if stopped == "worker":
        return _(
            "The background worker (Celery) is not running: e-mails, letters and reports wait. "
            "Ask the operator to start it."
        )
    return ""
