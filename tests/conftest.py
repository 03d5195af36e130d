import os
import uuid

import pytest
import time_machine
from django.db import connection, connections
from django.db.utils import load_backend

from notifications.reminders import send_due_reminders

IN_CI = os.environ.get("CI") == "true"


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests log staff in with force_login; the second factor has its own tests.
    settings.STAFF_MFA_REQUIRED = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _celery_eager():
    from consolidate.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a test request in another language (a French
    browser, a ?lang= link) leaves it active in the thread, as Django's middleware does."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    from calls.themes import forget_read_themes

    cache.clear()
    forget_read_themes()


def require_postgres() -> None:
    """Skip locally without PostgreSQL; in CI a missing PostgreSQL is a failure."""
    if connection.vendor == "postgresql":
        return
    if IN_CI:
        pytest.fail("CI must run the tests against PostgreSQL (set DATABASE_URL).")
    pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")


@pytest.fixture
def postgres():
    require_postgres()


@pytest.fixture
def scan(django_capture_on_commit_callbacks):
    """Run beat's reminder scan at a moment, delivering what it queues; how many it queued."""

    def run(moment):
        with (
            time_machine.travel(moment, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return send_due_reminders()

    return run


@pytest.fixture
def new_database(tmp_path):
    """An empty database beside the test's, as the alias "restored"; dropped afterwards."""
    name = f"restore_{uuid.uuid4().hex[:12]}"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
    else:
        name = str(tmp_path / f"{name}.sqlite3")
    # Registered as a connection but not in the settings: Django's test case allows such a
    # "dynamically created" connection, and the ORM finds it by its alias.
    backend = load_backend(connection.settings_dict["ENGINE"])
    connections["restored"] = backend.DatabaseWrapper(
        {**connection.settings_dict, "NAME": name}, alias="restored"
    )
    yield "restored"
    connections["restored"].close()
    del connections["restored"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
