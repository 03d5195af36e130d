import io
import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from applications.models import Application
from tests.factories import PASSWORD, CallFactory, ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def verification_path(outbox) -> str:
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", outbox[-1].body).group(0)
    return "/" + link.split("/", 3)[3]


def test_officer_signs_up_drafts_and_submits_and_gets_a_receipt(page):
    housing = ThemeFactory(name="Housing autonomy", slug="housing")
    call = CallFactory(title="Peer support call", themes=[housing], reference_prefix="CHC")

    page.goto(call.get_absolute_url())
    page.get_by_role("link", name="Apply for peer support").click()
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("E-mail address").fill("lina@city.example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()

    page.goto(verification_path(mail.outbox))
    page.get_by_role("button", name="Confirm").click()
    page.goto(call.get_absolute_url())
    page.get_by_role("link", name="Apply for peer support").click()

    page.get_by_label("City").fill("Lyon")
    page.get_by_label("Country").select_option("FR")
    page.get_by_label("Description of your challenge").fill("Landlords hesitate to rent.")
    expect(page.locator("#id_challenge-count")).to_contain_text("4 / 500 words")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved at")).to_be_visible()

    page.reload()
    expect(page.get_by_label("City")).to_have_value("Lyon")
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_role("alert")).to_contain_text("Please check these answers")
    expect(page.get_by_label("City")).to_have_value("Lyon")

    page.get_by_label("Name of the officer").fill("Lina Martin")
    page.get_by_label("Department").fill("Housing")
    page.get_by_label("Position").fill("Adviser")
    page.get_by_label("Phone").fill("+33 4 00 00 00 00")
    page.get_by_label("E-mail").fill("lina@city.example.org")
    page.get_by_label("Your expertise and responsibilities").fill("Social housing allocation.")
    page.get_by_label("Why peer support would be relevant for your work").fill("Fresh eyes.")
    page.get_by_label("Housing autonomy").check()
    page.get_by_label("Your question for the peer support team").fill("How to reassure landlords?")
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_role("heading", name="Application submitted")).to_be_visible(timeout=30_000)

    reference = Application.objects.get(city="Lyon").reference
    assert reference == f"CHC-{call.deadline.year}-001"
    expect(page.locator(".reference")).to_have_text(reference)
    assert any(reference in message.subject for message in mail.outbox)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the receipt (PDF)").click()
    pdf = PdfReader(io.BytesIO(open(download_info.value.path(), "rb").read()))  # noqa: SIM115
    text = "".join(p.extract_text() for p in pdf.pages)
    for answer in ["Lyon", "Lina Martin", "Landlords hesitate to rent.", reference]:
        assert answer in text

    page.get_by_role("main").get_by_role("link", name="My applications").click()
    expect(page.get_by_role("row", name=re.compile(reference))).to_contain_text("Submitted")
