"""A coordinator writes the open call's French title in the admin, at 1,280 px, and a visitor
whose browser asks for French reads it on the call's page."""

import pytest
from playwright.sync_api import expect

from calls.models import Call
from tests.browser.a11y import assert_fits_width
from tests.browser.test_accessibility import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO_CALL = "cities-helping-cities"


def test_coordinator_writes_a_french_title_that_french_visitors_read(page, browser, live_server,
                                                                      demo):  # fmt: skip
    call = Call.objects.get(slug=DEMO_CALL)
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, "coordinator@example.org")
    page.goto("/admin/calls/call/")
    row = page.locator("tr", has_text="Cities Helping Cities 2025")
    expect(row.locator("td.field-languages")).to_have_text("EN — FR, DE, ES, IT missing")
    assert_fits_width(page, 1280)

    page.goto(f"/admin/calls/call/{call.pk}/change/")
    expect(page.locator(".translation-status")).to_contain_text("English: complete")
    assert_fits_width(page, 1280)
    french = page.locator("fieldset", has=page.locator("#id_title_fr"))
    expect(page.locator("#id_title_fr")).to_be_hidden()  # the other languages start closed
    french.locator("summary").click()
    page.locator("#id_title_fr").fill("Appel ouvert : soutien entre pairs")
    assert_fits_width(page, 1280)
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_be_visible()

    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    visitor = context.new_page()
    visitor.goto(f"/calls/{DEMO_CALL}/")
    expect(visitor.locator("h1")).to_have_text("Appel ouvert : soutien entre pairs")
    context.close()
