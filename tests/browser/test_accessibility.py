import pytest
from django.core import mail
from playwright.sync_api import expect

from applications.models import Application
from demo.content import DEMO_PASSWORD
from notifications.models import Email
from notifications.tasks import deliver_email
from people.second_factor import current_code
from tests.browser.a11y import assert_accessible, assert_fits_width
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO_CALL = "/calls/cities-helping-cities/"
FORM = "/applications/cities-helping-cities/"


def log_in(page, email, password=DEMO_PASSWORD):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/2fa/authenticate/" in page.url:  # demo staff have a second factor
        page.locator("#id_code").fill(current_code())
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda url: "/2fa/" not in url)


def test_public_and_applicant_pages_pass_axe(page, demo):
    for path in ["/", DEMO_CALL, "/calls/cities-helping-cities-2025/", "/accessibility/",
                 "/privacy/", "/accounts/signup/", "/accounts/login/",
                 "/accounts/password/reset/"]:  # fmt: skip
        page.goto(path)
        assert_accessible(page)
    log_in(page, "applicant@example.org")
    for path in ["/applications/", "/account/delete/", "/account/language/", FORM]:
        page.goto(path)
        assert_accessible(page)
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    for path in [FORM + "delete/", DEMO_CALL]:  # the refused submission was kept as a draft
        page.goto(path)
        assert_accessible(page)
    log_in(page, "officer.graz@example.org")
    for path in [FORM, FORM + "withdraw/", DEMO_CALL]:
        page.goto(path)
        assert_accessible(page)


def test_staff_pages_pass_axe(page, demo):
    log_in(page, "reviewer@example.org")
    page.goto("/admin/reviews/review/")
    assert_accessible(page)
    page.get_by_role("link", name="Your review queue").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Next to review").first.click()
    assert_accessible(page)
    page.get_by_label("I have no conflict of interest").check()
    page.get_by_role("button", name="Save and finish later").click()
    assert_accessible(page)
    log_in(page, "coordinator@example.org")
    application = Application.objects.filter(state="submitted").first()
    for path in [
        f"/admin/reviews/review/ranking/{application.call_id}/",
        f"/admin/reviews/review/application/{application.pk}/decide/",
        f"/admin/reviews/review/application/{application.pk}/consensus/",
        "/admin/applications/application/",
    ]:
        page.goto(path)
        assert_accessible(page)


def test_application_can_be_completed_with_the_keyboard_only(page, demo, held_outbox):
    log_in(page, "applicant@example.org")
    page.goto(DEMO_CALL)
    keyboard = page.keyboard
    keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.get_by_role("link", name="Apply for peer support").focus()
    keyboard.press("Enter")
    page.wait_for_url(f"**{FORM}")
    answers = [
        ("#id_city", "Lublin"), ("#id_officer_name", "Ola Nowak"), ("#id_department", "Social"),
        ("#id_position", "Adviser"), ("#id_phone", "+48 81 000"), ("#id_email", "ola@example.org"),
        ("#id_expertise", "Integration services."), ("#id_relevance", "Fresh eyes."),
        ("#id_challenge", "Too many offices."), ("#id_question", "Where to start?"),
    ]  # fmt: skip
    page.locator("#id_city").focus()
    for selector, text in answers:
        while page.evaluate("document.activeElement.id") != selector[1:]:
            keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "id_country":
                keyboard.type("Poland")
            if page.evaluate("document.activeElement.type") == "checkbox":
                keyboard.press("Space")
        keyboard.type(text)
    while page.evaluate("document.activeElement.value") != "submit":
        keyboard.press("Tab")
    keyboard.press("Enter")
    # The request only queues the confirmation (held_outbox): the page does not wait for the
    # receipt PDF. The receipt is then rendered here, by delivering the queued e-mail.
    expect(page.get_by_role("heading", name="Application submitted")).to_be_visible()
    application = Application.objects.get(city="Lublin")
    assert application.country.code == "PL"
    assert application.themes.count() >= 1
    queued = list(Email.objects.filter(kind="submission_confirmation", state="pending"))
    assert "ola@example.org" in {email.recipient for email in queued}
    mail.outbox.clear()  # the demo's own e-mails
    for confirmation in queued:
        deliver_email.apply(args=[confirmation.pk])
    assert len(mail.outbox) == len(queued)
    for sent in mail.outbox:
        (name, receipt, kind) = sent.attachments[0]
        assert (name, kind) == (f"{application.reference}-receipt.pdf", "application/pdf")
        assert receipt.startswith(b"%PDF-")


@pytest.mark.parametrize("path", [DEMO_CALL, FORM, "/applications/"])
def test_pages_fit_a_phone_screen(browser, live_server, demo, path):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    log_in(page, "officer.graz@example.org")
    page.goto(path)
    assert_fits_width(page)
    context.close()


def test_signup_with_a_password_on_the_keyboard(page):
    page.goto("/accounts/signup/")
    page.keyboard.press("Tab")
    page.locator("#id_email").focus()
    page.keyboard.type("keys@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    expect(page.locator("#id_password2")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
