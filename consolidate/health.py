"""Whether this site can serve and its background processes run: /health/live and /health/ready.

``live`` says only that the process answers (a container that fails it is restarted). ``ready``
asks everything a request or a reminder needs: the database, the cache, the broker, a Celery
worker (it answers a ping), beat (its heartbeat is recent: ``consolidate/tasks.py``) and free
space for uploads. Both answer JSON with no personal data and no error text that could leak a
host name or password: a failing check names the exception's type or says what it saw.

They are answered by a middleware placed first, before anything that could refuse or redirect a
load balancer's probe: the host check (a probe asks by address), the https redirect, sessions,
the staff second factor.
"""

import ipaddress
import shutil
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse

from .models import Heartbeat


class Unhealthy(Exception):
    """A check found its part not ready; the message says what it saw, safe to publish."""


def tasks_run_eagerly() -> bool:
    from .celery import app

    return bool(settings.CELERY_TASK_ALWAYS_EAGER or app.conf.task_always_eager)


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return connection.vendor


def check_cache() -> str:
    key, token = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, token, 10)
    if cache.get(key) != token:
        raise Unhealthy("the cache did not keep a value")
    cache.delete(key)
    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def check_broker() -> str:
    from .celery import app

    if tasks_run_eagerly():
        return "not used: tasks run in the web process"
    with app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=settings.HEALTH_PING_TIMEOUT)
        if broker.transport_cls == "filesystem":
            folder = Path(app.conf.broker_transport_options["data_folder_in"])
            if not folder.is_dir():
                raise Unhealthy("the broker's folder is missing")
        return broker.transport_cls


def check_worker() -> str:
    from .celery import app

    if tasks_run_eagerly():
        return "not used: tasks run in the web process"
    timeout = settings.HEALTH_PING_TIMEOUT
    if not app.control.ping(timeout=timeout, limit=1):
        raise Unhealthy(f"no Celery worker answered a ping within {timeout:g} s")
    return "answered a ping"


def check_beat() -> str:
    limit = 2 * settings.HEALTH_HEARTBEAT_SECONDS
    age = Heartbeat.age("beat")
    if age is None:
        raise Unhealthy("Celery beat has never sent its heartbeat")
    if age > limit:
        raise Unhealthy(f"Celery beat last sent its heartbeat {age:.0f} s ago (limit {limit:g} s)")
    return f"heartbeat {age:.0f} s ago"


def check_disk() -> str:
    folder = Path(settings.MEDIA_ROOT)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # not made before the first upload: its disk is the parent's
    free_mb = shutil.disk_usage(folder).free // 2**20
    if free_mb < settings.HEALTH_MIN_FREE_MB:
        raise Unhealthy(f"{free_mb} MB free for uploads (at least {settings.HEALTH_MIN_FREE_MB})")
    return f"{free_mb} MB free"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "worker": check_worker,
    "beat": check_beat,
    "disk": check_disk,
}


def run_check(check: Callable[[], str]) -> dict:
    started = time.monotonic()
    try:
        result = {"ok": True, "detail": check()}
    except Unhealthy as problem:
        result = {"ok": False, "detail": str(problem)}
    except Exception as error:  # noqa: BLE001 - any failure is an answer, never a 500
        result = {"ok": False, "detail": f"{type(error).__name__}"}
    result["ms"] = round((time.monotonic() - started) * 1000)
    return result


def readiness(names=None) -> dict:
    checks = {name: run_check(CHECKS[name]) for name in names or CHECKS}
    failing = [name for name, result in checks.items() if not result["ok"]]
    return {"status": "not ready" if failing else "ready", "failing": failing, "checks": checks}


def _answer(body: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


def allowed(request) -> bool:
    """Loopback (the container's own check) always; others as HEALTH_ALLOWED_IPS says."""
    if not settings.HEALTH_ALLOWED_IPS:
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    networks = [ipaddress.ip_network(net, strict=False) for net in settings.HEALTH_ALLOWED_IPS]
    return address.is_loopback or any(address in network for network in networks)


def live(request) -> JsonResponse:
    return _answer({"status": "live"})


def ready(request) -> JsonResponse:
    if not allowed(request):
        return _answer({"status": "forbidden"}, status=403)
    body = readiness()
    return _answer(body, status=503 if body["failing"] else 200)


ROUTES = {"/health/live": live, "/health/ready": ready}


class HealthMiddleware:
    """Answers the two health paths itself; everything else goes on down the stack."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = ROUTES.get(request.path_info.rstrip("/"))
        if view is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return _answer({"status": "method not allowed"}, status=405)
        return view(request)
