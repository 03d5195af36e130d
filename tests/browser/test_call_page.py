import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_reads_the_demo_call_from_the_home_page(page):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto("/")
    page.get_by_role(
        "link", name="Cities Helping Cities: peer support for migrant integration challenges"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cities Helping Cities")
    deadline = page.locator("#deadline")
    expect(deadline).to_contain_text("17:00 CET, Brussels time")
    expect(deadline).to_contain_text("Time left:")
    criteria = page.locator("#criteria")
    for criterion in [
        "Quality of the application",
        "Fit with the champions' expertise",
        "Openness to feedback",
        "Commitment to the process",
    ]:
        expect(criteria).to_contain_text(criterion)
    themes = page.locator("#themes")
    for theme in ["Labour-market", "housing autonomy", "One-stop-shop", "Participation"]:
        expect(themes).to_contain_text(theme)
    expect(page.locator("#practical")).to_contain_text("EUR 3,400.00")
    expect(page.get_by_role("link", name="Apply for peer support")).to_be_visible()


def test_visitor_sees_the_past_round_closed(page):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto("/calls/cities-helping-cities-2025/")
    expect(page.locator("#deadline")).to_contain_text(
        "Friday 6 June 2025, 17:00 CEST, Brussels time"
    )
    expect(page.locator("#deadline")).to_contain_text("This call is closed.")
    expect(page.get_by_role("link", name="Apply for peer support")).to_have_count(0)
