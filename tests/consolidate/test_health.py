"""/health/live and /health/ready, the heartbeat, the `health` command and the admin's banner."""

import datetime as dt
import json

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.utils import timezone

from consolidate.celery import app
from consolidate.models import Heartbeat
from consolidate.tasks import record_heartbeat
from consolidate.templatetags.health import CACHE_KEY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def beat_seen(seconds_ago: float) -> None:
    at = timezone.now() - dt.timedelta(seconds=seconds_ago)
    for name in ("beat", "worker"):
        Heartbeat.objects.update_or_create(name=name, defaults={"at": at})


@pytest.fixture
def file_broker(settings, tmp_path, monkeypatch):
    """Celery as `make run` has it: not eager, kombu's file-system broker, here in tmp_path
    (Celery reads CELERY_BROKER_URL from the environment before its settings: CI sets it)."""
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    folders = {key: tmp_path / key for key in ("queue", "processed", "control")}
    for folder in folders.values():
        folder.mkdir()
    options = {
        "data_folder_in": str(folders["queue"]), "data_folder_out": str(folders["queue"]),
        "processed_folder": str(folders["processed"]), "control_folder": str(folders["control"]),
        "polling_interval": 0.1,
    }  # fmt: skip
    previous = (app.conf.broker_url, app.conf.broker_transport_options)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.HEALTH_PING_TIMEOUT = 1.0
    app.conf.update(task_always_eager=False, broker_url="filesystem://",
                    broker_transport_options=options)  # fmt: skip
    app._pool = None
    app.amqp._producer_pool = None
    yield folders
    app.conf.update(broker_url=previous[0], broker_transport_options=previous[1],
                    task_always_eager=True)  # fmt: skip
    app._pool = None
    app.amqp._producer_pool = None


def get_json(client, path, **extra):
    response = client.get(path, **extra)
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    return response.status_code, json.loads(response.content)


def test_live_answers_whatever_the_host_and_scheme(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["example.org"]
    assert get_json(client, "/health/live", HTTP_HOST="10.0.0.7") == (200, {"status": "live"})


def test_ready_with_everything_up_says_so_without_personal_data(client):
    UserFactory(email="officer@city.example.eu")
    beat_seen(5)
    status, body = get_json(client, "/health/ready")
    assert status == 200
    assert body["status"] == "ready" and body["failing"] == []
    assert set(body["checks"]) == {"database", "cache", "broker", "worker", "beat", "disk"}
    assert "@" not in json.dumps(body)


def test_ready_names_beat_when_its_heartbeat_is_two_intervals_old(client, settings):
    settings.HEALTH_HEARTBEAT_SECONDS = 60
    beat_seen(121)
    status, body = get_json(client, "/health/ready")
    assert status == 503
    assert body["status"] == "not ready" and body["failing"] == ["beat"]
    assert "121 s ago" in body["checks"]["beat"]["detail"]


def test_ready_names_beat_when_it_never_ran(client):
    status, body = get_json(client, "/health/ready")
    assert status == 503 and body["failing"] == ["beat"]


def test_ready_with_the_worker_stopped_names_the_worker(client, file_broker):
    beat_seen(5)
    status, body = get_json(client, "/health/ready")
    assert status == 503
    assert body["failing"] == ["worker"]
    assert body["checks"]["worker"]["detail"] == "no Celery worker answered a ping within 1 s"
    assert body["checks"]["broker"]["detail"] == "filesystem"


# Celery's Django fix-up closes the database connections as its worker starts, in this thread:
# outside a transaction, the next query opens a new one.
@pytest.mark.django_db(transaction=True)
def test_ready_with_a_worker_running_is_ready(client, file_broker, settings):
    # The ping returns at the first answer: a long timeout costs nothing when a worker runs.
    settings.HEALTH_PING_TIMEOUT = 30.0
    beat_seen(5)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        status, body = get_json(client, "/health/ready")
    assert (status, body["failing"]) == (200, []), body
    assert body["checks"]["worker"]["detail"] == "answered a ping"


def test_ready_refuses_addresses_the_operator_did_not_allow(client, settings):
    settings.HEALTH_ALLOWED_IPS = ["10.1.0.0/16"]
    beat_seen(5)
    assert get_json(client, "/health/ready", REMOTE_ADDR="203.0.113.9") == (
        403, {"status": "forbidden"}
    )  # fmt: skip
    assert get_json(client, "/health/ready", REMOTE_ADDR="10.1.2.3")[0] == 200
    assert get_json(client, "/health/ready", REMOTE_ADDR="127.0.0.1")[0] == 200
    assert get_json(client, "/health/live", REMOTE_ADDR="203.0.113.9")[0] == 200


def test_health_is_never_rate_limited_nor_behind_the_second_factor(client, settings):
    settings.STAFF_MFA_REQUIRED = True
    client.force_login(UserFactory(is_staff=True))
    beat_seen(5)
    assert {get_json(client, "/health/ready")[0] for _ in range(40)} == {200}


def test_ready_refuses_other_methods(client):
    assert client.post("/health/ready").status_code == 405


def test_low_disk_space_fails_the_disk_check(client, settings):
    settings.HEALTH_MIN_FREE_MB = 10**12
    beat_seen(5)
    status, body = get_json(client, "/health/ready")
    assert status == 503 and body["failing"] == ["disk"]


def test_beat_records_its_heartbeat_as_it_sends_and_the_worker_as_it_runs(file_broker):
    record_heartbeat.delay()
    assert Heartbeat.age("beat") < 5
    assert Heartbeat.age("worker") is None
    record_heartbeat.apply()
    assert Heartbeat.age("worker") < 5


def test_health_command_fails_on_a_stale_beat():
    beat_seen(3600)
    with pytest.raises(CommandError, match="not ready: beat"):
        call_command("health", "beat", "database")
    beat_seen(1)
    call_command("health", "beat", "database")


@pytest.fixture
def not_eager(settings):
    """A site with a worker and beat of its own (the tests' Celery runs tasks in-process)."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


def admin_page(client, user) -> str:
    client.force_login(user)
    cache.delete(CACHE_KEY)
    return client.get("/admin/").content.decode()


def test_coordinator_sees_a_red_banner_when_beat_or_the_worker_stopped(client, not_eager):
    coordinator = UserFactory(roles=["coordinator"], is_staff=True)
    beat_seen(3600)
    assert "(Celery beat) is not running" in admin_page(client, coordinator)
    beat_seen(1)
    assert "is not running" not in admin_page(client, coordinator)
    Heartbeat.objects.filter(name="worker").update(at=timezone.now() - dt.timedelta(hours=1))
    assert "worker (Celery) is not running" in admin_page(client, coordinator)


def test_reviewer_sees_no_banner(client, not_eager):
    reviewer = UserFactory(roles=["reviewer"], is_staff=True)
    assert "is not running" not in admin_page(client, reviewer)


def test_no_banner_when_tasks_run_in_the_web_process(client):
    beat_seen(3600)
    page = admin_page(client, UserFactory(roles=["coordinator"], is_staff=True))
    assert "is not running" not in page
