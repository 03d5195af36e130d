import io
import os
import shutil

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test's thread; the ORM calls that the tests
# make between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is missing at {CHROMIUM}")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo():
    """The demo data, as `make run` loads it."""
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def held_outbox(settings):
    """Celery as in production: a request only queues its e-mails (to an in-memory broker that
    no worker reads), so no PDF attachment is rendered while the browser waits for the page.
    The test then delivers what it needs itself, in its own thread, and checks the document."""
    from consolidate.celery import app

    previous = app.conf.broker_url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(task_always_eager=False, broker_url="memory://")
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.update(task_always_eager=True, broker_url=previous)
    app._pool = None
    app.amqp._producer_pool = None
