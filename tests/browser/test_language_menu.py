"""The language menu with a keyboard alone, in a 375 px window."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until ``selector`` has the focus, as a keyboard user moves through the page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_the_language_menu_switches_the_page_to_german_with_the_keyboard_at_375_px(page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/privacy/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    menu = page.locator("#language-menu-site")
    expect(menu).to_be_visible()
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    ), "the header is wider than the window"

    tab_to(page, "#language-menu-site")
    page.keyboard.type("Deutsch")  # a closed list takes the option its name starts with
    expect(menu).to_have_value("de")
    expect(page.locator("html")).to_have_attribute("lang", "en")  # choosing alone changes nothing
    tab_to(page, ".language-menu-site button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.locator("html[lang=de]")).to_be_attached()
    assert page.url.endswith("/privacy/")
    expect(page.locator("#language-menu-site")).to_have_value("de")
    page.goto("/")  # and the next page too
    expect(page.locator("html[lang=de]")).to_be_attached()
