"""Logging a factory-made user in through the login page, as a person would."""

from playwright.sync_api import expect

from tests.factories import PASSWORD


def log_in(page, user) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
