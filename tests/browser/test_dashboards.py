"""The staff home and a call's dashboard in Chromium: axe-core finds nothing, and a chart's data
table is reached and opened with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from calls.models import Call
from tests.browser.a11y import assert_accessible
from tests.browser.test_accessibility import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reviewers_staff_home_passes_axe(page, demo):
    log_in(page, "reviewer2@example.org")
    page.goto("/admin/")
    work = page.get_by_role("region", name="Your work")
    expect(work).to_contain_text("1 of 7 submitted")
    assert_accessible(page)
    work.get_by_role("link", name="Open your next review").click()
    expect(page.locator("h1")).to_contain_text("Review of")


def test_a_charts_data_table_is_read_with_the_keyboard(page, demo):
    log_in(page, "coordinator@example.org")
    page.goto("/admin/")
    work = page.get_by_role("region", name="Your work")
    expect(work).to_contain_text("reviews not submitted yet")
    assert_accessible(page)
    work.get_by_role("link", name="Dashboard of Cities Helping Cities: peer support for "
                     "migrant integration challenges").click()  # fmt: skip
    expect(page.get_by_role("heading", name="Applications per country")).to_be_visible()
    assert_accessible(page)

    # The section's link in the dashboard's own menu, then Tab: the data table's summary.
    page.get_by_role("navigation", name="Sections of the dashboard").get_by_role(
        "link", name="Applications per country"
    ).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#countries$"))
    page.keyboard.press("Tab")
    toggle = page.get_by_text("Data table: Submitted applications per country")
    expect(toggle).to_be_focused()
    table = page.get_by_role("table", name="Submitted applications per country")
    expect(table).to_be_hidden()
    page.keyboard.press("Enter")
    expect(table).to_be_visible()
    expect(table.get_by_role("row", name="Austria 1")).to_be_visible()
    assert table.get_by_role("row").count() == 8  # the header and seven countries
    assert_accessible(page)


def test_the_dashboard_prints_its_figures_without_the_admins_chrome(page, demo):
    log_in(page, "coordinator@example.org")
    call = Call.objects.get(slug="cities-helping-cities-2025")
    page.goto(f"/admin/dashboards/call/{call.pk}/")
    page.emulate_media(media="print")
    expect(page.locator("#header")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Sections of the dashboard")).to_be_hidden()
    expect(page.get_by_role("link", name="Download the round at a glance as CSV")).to_be_hidden()
    expect(page.get_by_role("img", name="Submitted applications per country")).to_be_visible()
    expect(page.get_by_text("5 submitted applications from 5 countries")).to_be_visible()
    assert page.pdf()[:4] == b"%PDF"
