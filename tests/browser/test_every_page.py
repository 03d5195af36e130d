"""Every page of the whole cycle, as each person sees it, on a phone (375 px) and a desktop
(1,280 px): the document never scrolls sideways, no running text is broken at any letter
(`overflow-wrap: anywhere`, `word-break: break-all`) and axe-core finds no WCAG 2.1 A/AA
violation, colour contrast included.

The demo data is loaded once for the whole module and each person logs in once per width, so
the tests share one database that they only read; it is emptied when the module ends. Every page
is also saved as a full-page screenshot, `<person>-<page>-<width>.png`, in `var/screenshots/`
(or `$SCREENSHOT_DIR`), for a reviewer to look at.

The Django admin is not laid out for phones: its pages are held to the no-sideways-scroll rule
at 1,280 px only, and to the other two at both widths.
"""

import contextlib
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test.utils import modify_settings, override_settings
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from applications.models import Application
from applications.services import save_draft
from calls.models import Call
from demo.content import DEMO_PASSWORD
from demo.selection import PAST_CALL
from people.second_factor import current_code
from reviews.models import Review
from reviews.services import declare_conflict
from tests.browser.a11y import WCAG_AA
from visits.models import LumpSumClaim, Visit

pytestmark = pytest.mark.browser

WIDTHS = (375, 1280)
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR") or ROOT / "var" / "screenshots")
CALL = "cities-helping-cities"

# Who looks at the pages: a name for the report and the screenshots, and the demo account.
PERSONS = {
    "anonymous": None,
    "applicant": "applicant@example.org",  # has a draft (made below)
    "officer": "officer.graz@example.org",  # has submitted to the open call
    "host": "officer.lisbon@example.org",  # selected in 2025; visit over, claim submitted
    "host-leipzig": "officer.leipzig@example.org",  # visit over, no claim, feedback given
    "champion": "champion@example.org",
    "reviewer": "reviewer@example.org",
    "staff-signing-in": "reviewer@example.org",  # stopped at the second factor's code
    "coordinator": "coordinator@example.org",
}


@dataclass(frozen=True)
class Page:
    person: str
    name: str
    path: str  # formatted with the ids that `demo_site` reads from the database
    status: int = 200

    @property
    def admin(self) -> bool:
        return self.path.startswith("/admin/")


PAGES = [
    Page("anonymous", "calls", "/"),
    Page("anonymous", "call", f"/calls/{CALL}/"),
    Page("anonymous", "past-call", f"/calls/{PAST_CALL}/"),
    Page("anonymous", "privacy", "/privacy/"),
    Page("anonymous", "accessibility", "/accessibility/"),
    Page("anonymous", "log-in", "/accounts/login/"),
    Page("anonymous", "sign-up", "/accounts/signup/"),
    Page("anonymous", "password-reset", "/accounts/password/reset/"),
    Page("anonymous", "password-reset-sent", "/accounts/password/reset/done/"),
    Page("anonymous", "verify-e-mail", "/accounts/confirm-email/"),
    Page("anonymous", "not-found", "/no-such-page/", status=404),
    Page("applicant", "my-applications", "/applications/"),
    Page("applicant", "form", f"/applications/{CALL}/"),
    Page("applicant", "delete-draft", f"/applications/{CALL}/delete/"),
    Page("officer", "withdraw", f"/applications/{CALL}/withdraw/"),
    Page("applicant", "delete-account", "/account/delete/"),
    Page("applicant", "language-and-time-zone", "/account/language/"),
    Page("applicant", "e-mail-addresses", "/accounts/email/"),
    Page("applicant", "change-password", "/accounts/password/change/"),
    Page("officer", "my-applications", "/applications/"),
    Page("officer", "submitted-application", f"/applications/{CALL}/"),
    Page("host", "my-applications", "/applications/"),
    Page("host", "my-visits", "/visits/"),
    Page("host", "visit", "/visits/{lisbon}/"),
    Page("host", "proposal", "/visits/{lisbon}/proposal/"),
    Page("host", "feedback", "/visits/{lisbon}/feedback/"),
    Page("host", "claim", "/visits/{lisbon}/claim/"),
    Page("host", "claim-expense-new", "/visits/{lisbon}/claim/expenses/new/"),
    Page("host", "claim-expense", "/visits/{lisbon}/claim/expenses/{lisbon_line}/"),
    Page("host-leipzig", "claim", "/visits/{leipzig}/claim/"),
    Page("host-leipzig", "claim-expense-new", "/visits/{leipzig}/claim/expenses/new/"),
    Page("host-leipzig", "feedback-given", "/visits/{leipzig}/feedback/"),
    Page("champion", "my-visits", "/visits/"),
    Page("champion", "visit", "/visits/{champion_visit}/"),
    Page("staff-signing-in", "second-factor-code", "/accounts/2fa/authenticate/"),
    Page("reviewer", "admin-index", "/admin/"),
    Page("reviewer", "reviews", "/admin/reviews/review/"),
    Page("reviewer", "review-queue", "/admin/reviews/review/queue/"),
    Page("reviewer", "conflict-declaration", "/admin/reviews/review/{undeclared_review}/change/"),
    Page("reviewer", "score", "/admin/reviews/review/{declared_review}/change/"),
    Page("reviewer", "second-factor", "/accounts/2fa/"),
    Page("coordinator", "admin-index", "/admin/"),
    Page("coordinator", "dashboard", "/admin/dashboards/call/{call}/"),
    Page("coordinator", "dashboard-2025", "/admin/dashboards/call/{past_call}/"),
    Page("coordinator", "ranking", "/admin/reviews/review/ranking/{call}/"),
    Page("coordinator", "ranking-2025", "/admin/reviews/review/ranking/{past_call}/"),
    Page(
        "coordinator",
        "consensus",
        "/admin/reviews/review/application/{lisbon_application}/consensus/",
    ),  # fmt: skip
    Page("coordinator", "decide", "/admin/reviews/review/application/{graz_application}/decide/"),
    Page("coordinator", "release", "/admin/reviews/review/ranking/{call}/release/"),
    Page("coordinator", "selection-reports", "/admin/reviews/review/ranking/{past_call}/reports/"),
    Page("coordinator", "criteria", "/admin/calls/criterion/"),
    Page("coordinator", "applications", "/admin/applications/application/"),
    Page("coordinator", "visits", "/admin/visits/visit/"),
    Page("coordinator", "visit-change", "/admin/visits/visit/{lisbon}/change/"),
    Page("coordinator", "team", "/admin/visits/visit/{lisbon}/team/"),
    Page("coordinator", "claims", "/admin/visits/lumpsumclaim/"),
    Page("coordinator", "claim-review", "/admin/visits/lumpsumclaim/{lisbon_claim}/change/"),
    Page("coordinator", "feedback-summary", "/admin/visits/visit/feedback/{past_call}/"),
    Page("coordinator", "audit-trail", "/admin/consolidate/auditentry/"),
    Page("coordinator", "draft-calls", "/admin/applications/application/drafts/"),
    Page("coordinator", "remind-drafts", "/admin/applications/application/drafts/{call}/remind/"),
]


# --- The demo site, loaded once -----------------------------------------------------------------

# What tests/conftest.py sets for each test, set for the whole module too: the data is made and
# the people log in before any one test's settings apply (the password hasher must agree).
MODULE_SETTINGS = {
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "CELERY_TASK_ALWAYS_EAGER": True,
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
}


@dataclass
class DemoSite:
    url: str
    ids: dict
    media: Path


def _prepare_demo() -> dict:
    """Seed the demo, add what it lacks (a draft, a scored review) and
    return the ids the pages' addresses need."""
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    users = {person: get_user_model().objects.get(email=email)
             for person, email in PERSONS.items() if email}  # fmt: skip
    call, past_call = Call.objects.get(slug=CALL), Call.objects.get(slug=PAST_CALL)
    save_draft(
        Application(call=call, applicant=users["applicant"], email=users["applicant"].email,
                    city="Tampere", country="FI", officer_name="Aino Virtanen",
                    challenge="Newcomers wait months for their first language course."),
        by=users["applicant"], themes=list(call.themes.all()[:1]),
    )  # fmt: skip
    reviews = Review.objects.filter(reviewer=users["reviewer"], application__call=call)
    undeclared, declared = reviews.order_by("pk")[:2]
    declare_conflict(declared, conflict=False)
    lisbon = Visit.objects.get(application__applicant=users["host"])
    leipzig = Visit.objects.get(application__applicant=users["host-leipzig"])
    claim = LumpSumClaim.objects.get(visit=lisbon)
    return {
        "call": call.pk,
        "past_call": past_call.pk,
        "lisbon": lisbon.pk,
        "leipzig": leipzig.pk,
        "lisbon_application": lisbon.application_id,
        "graz_application": Application.objects.get(applicant=users["officer"], call=call).pk,
        "lisbon_claim": claim.pk,
        "lisbon_line": claim.lines.order_by("pk").first().pk,
        "champion_visit": Visit.objects.with_member(users["champion"]).order_by("pk").first().pk,
        "undeclared_review": undeclared.pk,
        "declared_review": declared.pk,
    }


@pytest.fixture(scope="module")
def transactional_db(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data, loaded once for the module and emptied at its end.

    It overrides pytest-django's ``transactional_db`` on purpose. By that name pytest-django
    still sets up the test database for these tests, and runs them after the tests that roll
    back, as it runs every test that flushes (a flush also empties what the migrations wrote).
    But the database is flushed once, at the end, not after every test: these tests only read.
    """
    from consolidate.celery import app

    media = tmp_path_factory.mktemp("every-page-media")
    app.conf.task_always_eager = True
    with (
        django_db_blocker.unblock(),
        override_settings(**MODULE_SETTINGS, MEDIA_ROOT=media),
        modify_settings(ALLOWED_HOSTS={"append": "localhost"}),
    ):
        try:
            yield _prepare_demo(), media
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def demo_site(transactional_db):
    """A server of its own: with pytest-django's ``live_server`` the database would be emptied
    after every test."""
    from pytest_django.live_server_helper import LiveServer

    ids, media = transactional_db
    server = LiveServer("localhost")
    yield DemoSite(url=server.url, ids=ids, media=media)
    # The browser has closed its connections (`people` ends first); let their threads end before
    # the server takes back the database connection they share.
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name:
            thread.join(timeout=10)
    server.stop()


@pytest.fixture(autouse=True)
def _demo_media(settings, demo_site):
    """The demo's receipts stay where they were written (tests/conftest.py moves MEDIA_ROOT)."""
    settings.MEDIA_ROOT = demo_site.media


class People:
    """One browser context per person and width, logged in once; only one is kept open."""

    def __init__(self, browser, url):
        self.browser, self.url = browser, url
        self.key, self.context, self.page = None, None, None

    def page_of(self, person: str, width: int):
        if self.key != (person, width):
            self.close()
            self.context = self.browser.new_context(
                base_url=self.url,
                locale="en-GB",
                viewport={"width": width, "height": 740 if width < 768 else 900},
                is_mobile=width < 768,
                has_touch=width < 768,
            )
            self.context.set_default_timeout(15_000)
            self.page = self.context.new_page()
            if PERSONS[person]:
                log_in(self.page, PERSONS[person], code=person != "staff-signing-in")
            self.key = (person, width)
        return self.page

    def close(self):
        if self.context is not None:
            self.context.close()
        self.key, self.context, self.page = None, None, None


@pytest.fixture(scope="module")
def people(browser, demo_site):
    people = People(browser, demo_site.url)
    yield people
    people.close()


def log_in(page, email: str, *, code: bool = True) -> None:
    """The log-in form, then for staff the second factor, unless ``code`` is False (a code is
    refused if used twice in its 30 seconds, so a refused one is tried again with the next)."""
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if not code:
        assert "/2fa/authenticate/" in page.url, f"{email} was not asked for a code"
        return
    for attempt in range(2):
        if "/2fa/authenticate/" not in page.url:
            break
        if attempt:
            time.sleep(30.5 - time.time() % 30)
        page.locator("#id_code").fill(current_code())
        page.get_by_role("button", name="Log in").click()
        with contextlib.suppress(PlaywrightTimeoutError):  # refused: the same page again
            page.wait_for_url(lambda url: "/2fa/authenticate/" not in url, timeout=5_000)
    assert "/accounts/" not in page.url, f"{email} could not log in: still at {page.url}"


# --- What each page is held to ------------------------------------------------------------------

_axe = Axe()
AXE_OPTIONS = {**WCAG_AA, "resultTypes": ["violations"]}

DESCRIBE_JS = """
el => {
  let name = el.tagName.toLowerCase();
  if (el.id) name += '#' + el.id;
  for (const cls of [...el.classList].slice(0, 3)) name += '.' + cls;
  const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
  return text ? `${name} "${text}"` : name;
}
"""

SIDEWAYS_JS = f"""
() => {{
  const describe = {DESCRIBE_JS};
  const doc = document.documentElement, limit = doc.clientWidth;
  if (doc.scrollWidth <= limit) return null;
  const clipped = el => {{
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement)
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    return false;
  }};
  const offenders = [];
  for (const el of document.body.querySelectorAll('*')) {{
    const box = el.getBoundingClientRect();
    const right = box.right + window.scrollX;
    if ((box.width || box.height) && right > limit + 0.5 && !clipped(el))
      offenders.push({{el, right}});
  }}
  offenders.sort((a, b) => b.right - a.right);
  const inside = (o, p) => p.el !== o.el && o.el.contains(p.el);
  const innermost = offenders.filter(o => !offenders.some(p => inside(o, p)));
  const show = o => `${{describe(o.el)}} (right edge ${{Math.round(o.right)}} px)`;
  return {{
    scrollWidth: doc.scrollWidth, clientWidth: limit,
    widest: offenders.length ? show(offenders[0]) : 'none found',
    innermost: innermost.slice(0, 5).map(show),
  }};
}}
"""

# Long unbreakable strings and form fields, not running text: they may wrap anywhere
# (static/css/site.css; Django's admin does it for its inputs and address links).
LONG_STRINGS = ".break-anywhere, a[href^='mailto:'], code, kbd, samp, input, textarea"

BREAKS_JS = f"""
area => {{
  const LONG_STRINGS = "{LONG_STRINGS}";
  const describe = {DESCRIBE_JS};
  const rule = el => {{
    const style = getComputedStyle(el);
    if (style.overflowWrap === 'anywhere') return 'overflow-wrap: anywhere';
    if (style.wordBreak === 'break-all') return 'word-break: break-all';
    return null;
  }};
  let count = 0;
  const sources = [];
  for (const el of [area, ...area.querySelectorAll('*')]) {{
    if (el.closest(LONG_STRINGS)) continue;
    // A link that shows its own address is a long string too (Django's admin wraps those).
    if (el.tagName === 'A' && /^https?:[/][/]/.test(el.textContent.trim())) continue;
    const found = rule(el);
    if (!found) continue;
    count += 1;
    // Report where the rule is set, not every element that inherits it.
    if (el === area || rule(el.parentElement) !== found)
      sources.push(`${{describe(el)}}: ${{found}}`);
  }}
  return count ? {{count, sources: sources.slice(0, 5)}} : null;
}}
"""


def sideways_problem(page) -> str | None:
    found = page.evaluate(SIDEWAYS_JS)
    if not found:
        return None
    innermost = "\n      ".join(found["innermost"])
    return (
        f"scrolls sideways: scrollWidth {found['scrollWidth']} px > clientWidth "
        f"{found['clientWidth']} px; widest: {found['widest']}; innermost:\n      {innermost}"
    )


def breaks_problem(page, area) -> str | None:
    found = area.evaluate(BREAKS_JS)
    if not found:
        return None
    return f"{found['count']} elements break words anywhere; set on:\n      " + "\n      ".join(
        found["sources"]
    )


def axe_problems(page) -> list[str]:
    problems = []
    for violation in _axe.run(page, options=AXE_OPTIONS).response["violations"]:
        nodes = violation["nodes"]
        first = nodes[0].get("failureSummary", "").splitlines()[1:2] if nodes else []
        problems.append(
            f"axe {violation['id']} ({violation['impact']}): {violation['help']}; "
            f"{len(nodes)} node(s), e.g. {[n['target'] for n in nodes[:3]]}"
            + (f" — {first[0].strip()}" if first else "")
        )
    return problems


CASES = [pytest.param(page, width, id=f"{page.person}-{page.name}-{width}")
         for width in WIDTHS for page in PAGES]  # fmt: skip


@pytest.mark.parametrize(("spec", "width"), CASES)
def test_page_reads_well(people, demo_site, spec, width):
    path = spec.path.format(**demo_site.ids)
    page = people.page_of(spec.person, width)
    response = page.goto(path)
    problems = []
    if response is None or response.status != spec.status:
        problems.append(f"answered {response and response.status}, expected {spec.status}")
    if urlsplit(page.url).path != path:
        problems.append(f"ended at {page.url}, not at {path}")
    area = page.locator("#content" if spec.admin else "main").first
    try:
        area.wait_for(state="visible", timeout=5_000)
    except PlaywrightTimeoutError:
        problems.append(f"no visible {'#content' if spec.admin else '<main>'}")
        area = page.locator("body")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{spec.person}-{spec.name}-{width}.png", full_page=True)
    layout_width = page.evaluate("document.documentElement.clientWidth")
    if layout_width > width:
        problems.append(f"laid out {layout_width} px wide on a {width} px screen: no viewport meta")
    if not (spec.admin and width < 768):  # the admin is held to it on a desktop only
        problems.append(sideways_problem(page))
    problems.append(breaks_problem(page, area))
    problems.extend(axe_problems(page))
    problems = [problem for problem in problems if problem]
    if problems:
        pytest.fail(f"{path} at {width} px for {spec.person}:\n  - " + "\n  - ".join(problems),
                    pytrace=False)  # fmt: skip
