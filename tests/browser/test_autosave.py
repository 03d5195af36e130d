import pytest
from playwright.sync_api import expect

from applications.models import Application
from tests.browser.session import log_in
from tests.factories import CallFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_draft_is_saved_while_the_officer_types(page):
    officer = UserFactory(roles=["applicant"])
    call = CallFactory()
    log_in(page, officer)
    page.goto(f"/applications/{call.slug}/")
    page.get_by_label("Why peer support would be relevant for your work").fill("Typed, not saved")
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at", timeout=20_000)
    assert Application.objects.get(applicant=officer).relevance == "Typed, not saved"


def test_text_typed_after_the_session_ended_comes_back_after_logging_in(page):
    officer = UserFactory(roles=["applicant"])
    call = CallFactory()
    log_in(page, officer)
    page.goto(f"/applications/{call.slug}/")
    page.context.clear_cookies()
    page.get_by_label("Your question for the peer support team").fill("Not lost")
    expect(page.locator("#autosave-status")).to_contain_text("kept in this browser", timeout=20_000)
    log_in(page, officer)
    page.goto(f"/applications/{call.slug}/")
    expect(page.get_by_label("Your question for the peer support team")).to_have_value("Not lost")
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at", timeout=20_000)
    assert Application.objects.get(applicant=officer).question == "Not lost"
