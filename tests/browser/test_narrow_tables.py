"""The tables people read on a phone: stacked, labelled rows at 375 px, real tables at 1,280 px.

Each page is the demo's (``seed_demo``), read by the person who reads it: a champion's visit
page, the host's claim, My applications, My visits and the coordinator's feedback summary.
"""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo.content import DEMO_PASSWORD
from people.second_factor import current_code
from tests.browser.a11y import assert_accessible
from visits.models import Visit
from visits.services import submit_feedback

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What may break a word anywhere: the design layer's class for long strings (and the e-mail
# addresses, code and calendar links it covers), never running text.
LONG_STRINGS = '.break-anywhere, a[href^="mailto:"], code, kbd, samp'

# For each stacked cell with a label: its label as drawn, and the text of its column's header.
CELLS_AND_HEADERS = """table => {
    const headers = [...table.querySelectorAll(':scope > thead th')]
        .map(th => th.textContent.trim());
    const cells = [];
    for (const row of table.querySelectorAll(':scope > tbody > tr')) {
        let column = 0;
        for (const cell of row.cells) {
            if (cell.hasAttribute('data-label')) {
                cells.push({
                    label: getComputedStyle(cell, '::before').content,
                    header: headers[column],
                    display: getComputedStyle(cell).display,
                    text: cell.textContent.trim().slice(0, 40),
                });
            }
            column += cell.colSpan;
        }
    }
    return cells;
}"""

BREAKING_ANYWHERE = """selector => [...document.querySelectorAll('main *')]
    .filter(element => !element.closest(selector))
    .filter(element => {
        const style = getComputedStyle(element);
        return style.overflowWrap === 'anywhere' || style.wordBreak === 'break-all';
    })
    .map(element => element.tagName + '.' + element.className + ': '
         + element.textContent.trim().slice(0, 40))"""


@pytest.fixture
def demo():
    with open("/dev/null", "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    lisbon = Visit.objects.get(application__city="Lisbon")
    submit_feedback(
        lisbon, by=lisbon.application.applicant, insights=5, energised=4, connections=4,
        most_useful="The walk through the neighbourhood with the outreach workers.",
        next_steps="A pilot of outreach hours in two community centres.",
    )  # fmt: skip
    return lisbon


def log_in(page, email):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/2fa/authenticate/" in page.url:  # demo staff have a second factor
        page.locator("#id_code").fill(current_code())
        page.locator("#id_code").press("Enter")
        page.wait_for_url(lambda url: "/2fa/" not in url)


def assert_stacks_on_a_phone(page, path, tables):
    """At 375 px: no sideways scrolling, each cell labelled with its header, no broken words."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(path)
    locator = page.locator(tables)
    expect(locator.first).to_be_visible()
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{path} scrolls sideways: {widths}"
    labelled = 0
    for index in range(locator.count()):
        for cell in locator.nth(index).evaluate(CELLS_AND_HEADERS):
            assert cell["display"] != "table-cell", f"{path}: {cell} is not stacked"
            assert cell["header"] and cell["header"] in cell["label"], f"{path}: {cell}"
            labelled += 1
        # The header row is hidden from the eye only: still there for screen readers.
        header = locator.nth(index).locator("thead")
        assert header.evaluate("thead => getComputedStyle(thead).display") != "none"
        assert header.bounding_box()["height"] <= 1
    assert labelled, f"{path}: no labelled cell in {tables}"
    broken = page.evaluate(BREAKING_ANYWHERE, LONG_STRINGS)
    assert not broken, f"{path} may break words anywhere in: {broken[:10]}"
    assert_accessible(page)


def assert_is_a_table_on_a_desktop(page, path, tables):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(path)
    locator = page.locator(tables)
    expect(locator.first).to_be_visible()
    for index in range(locator.count()):
        table = locator.nth(index)
        assert table.evaluate("table => getComputedStyle(table).display") == "table"
        assert table.get_attribute("role") == "table"
        headers = table.locator("thead th[scope=col]")
        assert headers.count() >= 3
        for column in range(headers.count()):
            expect(headers.nth(column)).to_be_visible()
            assert headers.nth(column).bounding_box()["height"] > 1
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{path} scrolls sideways at 1,280 px: {widths}"
    broken = page.evaluate(BREAKING_ANYWHERE, LONG_STRINGS)
    assert not broken, f"{path} may break words anywhere in: {broken[:10]}"


def check(page, path, tables):
    assert_stacks_on_a_phone(page, path, tables)
    assert_is_a_table_on_a_desktop(page, path, tables)


def test_a_champion_reads_the_agenda_and_sessions_on_a_phone(page, demo):
    log_in(page, "champion@example.org")
    check(page, demo.get_absolute_url(), "table.agenda, table.sessions")
    check(page, "/visits/", "table.visits-list")


def test_the_host_reads_the_claim_applications_and_visits_on_a_phone(page, demo):
    log_in(page, demo.application.applicant.email)
    check(page, f"/visits/{demo.pk}/claim/", "table.claim-lines")
    check(page, "/applications/", "table.my-applications")
    check(page, "/visits/", "table.visits-list")


def test_a_coordinator_reads_the_feedback_summary_on_a_phone(page, demo):
    log_in(page, "coordinator@example.org")
    path = f"/admin/visits/visit/feedback/{demo.application.call_id}/"
    check(page, path, "#feedback-averages, #feedback-per-visit")
