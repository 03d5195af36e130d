import io
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from notifications.models import Email
from tests.browser.a11y import assert_accessible, assert_fits_width
from tests.browser.session import log_in
from tests.factories import PastVisitFactory, UserFactory, claim_in, real_pdf
from visits.models import LumpSumClaim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def downloaded(page, link) -> bytes:
    with page.expect_download() as download:
        link.click()
    with open(download.value.path(), "rb") as handle:
        return handle.read()


def test_host_claims_and_a_coordinator_approves_and_records_the_payment(page):
    visit = PastVisitFactory(application__city="Porto", application__country="PT")
    host = visit.application.applicant
    coordinator = UserFactory(roles=["coordinator"], is_staff=True)

    # The host opens the claim from the visit's page and adds an expense with its receipt.
    log_in(page, host)
    page.goto(visit.get_absolute_url())
    page.get_by_role("link", name="Lump-sum claim").click()
    expect(page.get_by_role("heading", name="Lump-sum claim")).to_be_visible()
    expect(page.locator(".claim-state")).to_have_text("Draft")
    assert_accessible(page)
    page.get_by_role("link", name="Add an expense").click()
    page.get_by_label("Category").select_option(label="Dinner")
    page.get_by_label("Date").fill(visit.starts_on.isoformat())
    page.get_by_label("Description").fill("Dinner for the team and the host, 9 people")
    page.get_by_label("Amount in EUR").fill("342,50")
    page.get_by_label("Receipt").set_input_files(
        {"name": "dinner-porto.pdf", "mimeType": "application/pdf", "buffer": real_pdf()}
    )
    assert_accessible(page)
    page.get_by_role("button", name="Add the expense").click()
    expect(page.locator(".messages")).to_contain_text("Expense added.")
    expect(page.locator(".claim-lines")).to_contain_text("Dinner for the team and the host")
    expect(page.locator(".claim-reimbursed")).to_have_text("EUR 342.50")
    assert_accessible(page)
    assert downloaded(page, page.get_by_role("link", name="dinner-porto.pdf")).startswith(b"%PDF-")

    # Bank details, then the submission.
    page.get_by_label("Account holder").fill("Câmara Municipal do Porto")
    page.get_by_label("IBAN").fill("PT50 0002 0123 1234 5678 9015 4")
    page.get_by_role("button", name="Submit the claim").click()
    expect(page.locator(".messages")).to_contain_text("Your claim is submitted.")
    expect(page.locator(".claim-state")).to_have_text("Submitted")
    expect(page.get_by_role("link", name="Add an expense")).to_have_count(0)
    page.set_viewport_size({"width": 375, "height": 800})
    assert_fits_width(page)
    page.set_viewport_size({"width": 1280, "height": 800})

    # A coordinator reviews it in the admin, approves it and records the payment.
    log_in(page, coordinator)
    page.goto("/admin/visits/lumpsumclaim/")
    expect(page.locator("#result_list")).to_contain_text("EUR 342.50")
    page.locator("#result_list").get_by_role("link", name="Porto").click()
    expect(page.locator("#claim-lines")).to_contain_text("Dinner for the team and the host")
    expect(page.locator("#claim-bank")).to_contain_text("PT50 0002 0123 1234 5678 9015 4")
    assert_accessible(page)
    receipt = page.locator("#claim-lines").get_by_role("link", name="dinner-porto.pdf")
    assert downloaded(page, receipt).startswith(b"%PDF-")
    page.get_by_role("button", name="Approve EUR 342.50").click()
    expect(page.locator(".messagelist")).to_contain_text("The claim is approved")
    page.get_by_label("Paid on").fill(timezone.localdate().isoformat())
    expect(page.get_by_label("Amount paid in EUR")).to_have_value("342.50")
    page.get_by_label("Payment reference").fill("SEPA-2026-0042")
    assert_accessible(page)
    page.get_by_role("button", name="Record the payment").click()
    expect(page.locator(".messagelist")).to_contain_text("The payment is recorded")
    expect(page.locator("#claim-state-h")).to_have_text("State: Paid")

    claim = LumpSumClaim.objects.get()
    assert (claim.state, claim.approved_amount, claim.paid_amount) == (
        "paid", Decimal("342.50"), Decimal("342.50")
    )  # fmt: skip
    kinds = set(Email.objects.filter(recipient=host.email).values_list("kind", flat=True))
    assert {"claim_submitted", "claim_approved", "claim_paid"} <= kinds

    # The host sees the payment and downloads the summary for the city's accounts.
    log_in(page, host)
    page.goto(f"/visits/{visit.pk}/claim/")
    expect(page.locator(".claim-explanation")).to_contain_text("SEPA-2026-0042")
    content = downloaded(page, page.get_by_role("link", name="Download the claim (PDF)"))
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())
    for fact in ["Lump-sum claim of Porto", "Dinner for the team", "EUR 342.50", "SEPA-2026-0042"]:
        assert fact in text, fact


def tab_to(page, check: str, *, presses: int = 60) -> None:
    """Press Tab until ``check`` (a JavaScript expression on the focused element) holds."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(f"(element => {check})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element where {check}")


def test_host_changes_an_expense_and_submits_with_the_keyboard_only(page):
    claim = claim_in("draft")
    log_in(page, claim.visit.application.applicant)
    page.goto(f"/visits/{claim.visit_id}/claim/")

    tab_to(page, "element.textContent.trim().startsWith('Edit')")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Change an expense")).to_be_visible()
    tab_to(page, "element.id === 'id_amount'")
    page.keyboard.press("Control+A")
    page.keyboard.type("99,90")
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Expense saved.")
    expect(page.locator(".claim-lines")).to_contain_text("EUR 99.90")

    tab_to(page, "element.textContent.trim() === 'Submit the claim'")
    page.keyboard.press("Enter")
    expect(page.locator(".claim-state")).to_have_text("Submitted")
