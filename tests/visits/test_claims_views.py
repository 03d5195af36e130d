import datetime as dt
import html
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import (
    RECEIPT_PDF,
    ChampionWithAccountFactory,
    ExpenseLineFactory,
    LumpSumClaimFactory,
    PastVisitFactory,
    UserFactory,
    claim_in,
)
from visits.claims.receipts import MAX_RECEIPT_BYTES
from visits.claims.review import mark_expense
from visits.models import ExpenseLine, LumpSumClaim, TeamMember

pytestmark = pytest.mark.django_db

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120


def url(name, claim_or_visit, *args):
    visit_id = getattr(claim_or_visit, "visit_id", None) or claim_or_visit.pk
    return reverse(f"visits:{name}", args=[visit_id, *args])


def page_text(response) -> str:
    """The page's text as a reader sees it: no tags, no entities, single spaces."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def upload(name="dinner.pdf", content=RECEIPT_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def expense_data(claim, **values):
    return {
        "category": claim.call.cost_categories.get(name="Dinner").pk,
        "spent_on": claim.visit.starts_on.isoformat(),
        "description": "Dinner for the team and the host, 9 people",
        "amount": "342,50",
        "receipt": upload(),
        **values,
    }


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join("".join(page.extract_text() for page in reader.pages).split())


# --- Who may see and touch a claim


def people(claim) -> dict:
    champion = ChampionWithAccountFactory(city="Madrid")
    TeamMember.objects.create(visit=claim.visit, role="champion", champion=champion)
    expert = UserFactory(roles=["expert"])
    TeamMember.objects.create(visit=claim.visit, role="network_expert", user=expert)
    return {
        "host": claim.visit.application.applicant,
        "coordinator": UserFactory(roles=["coordinator"], is_staff=True),
        "champion on the visit": champion.user,
        "expert on the visit": expert,
        "other applicant": UserFactory(roles=["applicant"]),
        "reviewer": UserFactory(roles=["reviewer"], is_staff=True),
        "anonymous": None,
    }


HOST_AND_COORDINATORS = {"host", "coordinator"}


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("claim", HOST_AND_COORDINATORS),
        ("claim_pdf", HOST_AND_COORDINATORS),
        ("claim_receipt", HOST_AND_COORDINATORS),
        ("claim_expense_new", {"host"}),
        ("claim_expense_edit", {"host"}),
        ("claim_expense_delete", {"host"}),
    ],
)
def test_permission_matrix_of_the_claim_pages(client, name, allowed):
    claim = claim_in("draft")
    line = claim.lines.get()
    args = [line.pk] if name.startswith(("claim_expense_edit", "claim_expense_delete",
                                         "claim_receipt")) else []  # fmt: skip
    for role, user in people(claim).items():
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url(name, claim, *args))
        if role == "anonymous":
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("account_login"))
        else:
            assert response.status_code == (200 if role in allowed else 404), (name, role)


@pytest.mark.parametrize(
    "role", ["coordinator", "champion on the visit", "expert on the visit", "other applicant",
             "reviewer", "anonymous"],
)  # fmt: skip
def test_nobody_but_the_host_changes_the_claim(client, role):
    claim = claim_in("draft")
    line = claim.lines.get()
    user = people(claim)[role]
    if user:
        client.force_login(user)
    posts = [
        (url("claim", claim), {"action": "submit", "account_holder": "Me",
                               "iban": "BE71096123456769"}),
        (url("claim_expense_new", claim), expense_data(claim)),
        (url("claim_expense_edit", claim, line.pk), expense_data(claim, amount="1.00")),
        (url("claim_expense_delete", claim, line.pk), {}),
    ]  # fmt: skip
    for address, data in posts:
        assert client.post(address, data).status_code in (302, 404), address
        if role == "anonymous":
            assert client.post(address, data)["Location"].startswith(reverse("account_login"))
    claim.refresh_from_db()
    assert claim.state == "draft" and claim.account_holder == "City treasury"
    assert list(claim.lines.values_list("pk", "amount")) == [(line.pk, Decimal("120.00"))]


def test_a_line_of_another_claim_is_not_found_through_this_one(client):
    mine, other = claim_in("draft"), claim_in("draft")
    client.force_login(mine.visit.application.applicant)
    line = other.lines.get()
    for name in ("claim_receipt", "claim_expense_edit", "claim_expense_delete"):
        assert client.get(url(name, mine, line.pk)).status_code == 404


def test_visit_page_leads_the_host_to_the_claim(client):
    visit = PastVisitFactory()
    client.force_login(visit.application.applicant)
    page = client.get(reverse("visits:detail", args=[visit.pk])).content.decode()
    assert url("claim", visit) in page and "Lump-sum claim" in page


# --- The host's claim


def test_host_sees_an_empty_claim_with_what_is_missing(client):
    visit = PastVisitFactory()
    client.force_login(visit.application.applicant)
    text = page_text(client.get(url("claim", visit)))
    assert "State of the claim: Draft" in text
    assert "up to the lump sum of EUR 3,400.00" in text
    assert "No expense yet." in text
    assert "Please add at least one expense with its receipt." in text
    assert "Will be reimbursed EUR 0.00" in text
    assert not LumpSumClaim.objects.exists()  # nothing is stored until the host saves


def test_claim_of_a_visit_being_planned_is_not_open_yet(client):
    visit = PastVisitFactory(state="planning")
    client.force_login(visit.application.applicant)
    assert "The claim opens once the visit is confirmed." in page_text(
        client.get(url("claim", visit))
    )
    response = client.post(url("claim_expense_new", visit), expense_data(LumpSumClaim(visit=visit)))
    assert response.status_code == 409
    assert not LumpSumClaim.objects.exists()


def test_host_adds_an_expense_with_its_receipt_and_sees_the_totals(client):
    visit = PastVisitFactory()
    client.force_login(visit.application.applicant)
    claim = LumpSumClaim(visit=visit)
    assert client.get(url("claim_expense_new", visit)).status_code == 200

    response = client.post(url("claim_expense_new", visit), expense_data(claim))

    assert response.status_code == 302 and response["Location"] == url("claim", visit)
    line = ExpenseLine.objects.get()
    assert (line.amount, line.receipt_name, line.category.name) == (
        Decimal("342.50"), "dinner.pdf", "Dinner"
    )  # fmt: skip
    text = page_text(client.get(url("claim", visit)))
    assert "Expense added." in text
    for fact in ["Dinner for the team and the host, 9 people", "EUR 342.50", "dinner.pdf",
                 "Total spent EUR 342.50", "Eligible total EUR 342.50",
                 "Lump sum EUR 3,400.00", "Will be reimbursed EUR 342.50"]:  # fmt: skip
        assert fact in text, fact


def test_an_executable_renamed_pdf_is_refused_and_the_input_kept(client):
    visit = PastVisitFactory()
    client.force_login(visit.application.applicant)
    data = expense_data(LumpSumClaim(visit=visit), receipt=upload("invoice.pdf", EXECUTABLE))
    response = client.post(url("claim_expense_new", visit), data)
    assert response.status_code == 400
    assert "not a PDF, JPEG or PNG, whatever its name says" in page_text(response)
    page = response.content.decode()
    assert 'value="Dinner for the team and the host, 9 people"' in page
    assert 'value="342,50"' in page
    assert not ExpenseLine.objects.exists()


def test_an_oversized_receipt_is_refused_with_the_limit(client):
    visit = PastVisitFactory()
    client.force_login(visit.application.applicant)
    big = RECEIPT_PDF + b"\x00" * (MAX_RECEIPT_BYTES + 1024 - len(RECEIPT_PDF))
    data = expense_data(LumpSumClaim(visit=visit), receipt=upload("scan.pdf", big))
    response = client.post(url("claim_expense_new", visit), data)
    assert response.status_code == 400
    assert "This file is 10.0 MB; a receipt can be at most 10.0 MB." in page_text(response)
    assert not ExpenseLine.objects.exists()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "The amount must be more than zero."),
        ("-12.50", "The amount must be more than zero."),
        ("12.345", "with at most two decimals"),
        ("250000", "is more than a visit&#x27;s expense can be"),
        ("12 euros", "Please give the amount as a number"),
        ("", "This field is required."),
    ],
)
def test_bad_amounts_are_refused_next_to_the_field(client, amount, message):
    visit = PastVisitFactory()
    client.force_login(visit.application.applicant)
    data = expense_data(LumpSumClaim(visit=visit), amount=amount)
    response = client.post(url("claim_expense_new", visit), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Please choose the receipt again" in page
    assert not ExpenseLine.objects.exists()


def test_expense_dated_after_today_is_refused(client):
    visit = PastVisitFactory()
    client.force_login(visit.application.applicant)
    tomorrow = (visit.local_today() + dt.timedelta(days=1)).isoformat()
    data = expense_data(LumpSumClaim(visit=visit), spent_on=tomorrow)
    response = client.post(url("claim_expense_new", visit), data)
    assert "The date cannot be in the future." in response.content.decode()


def test_host_changes_an_expense_and_keeps_its_receipt(client):
    claim = claim_in("draft")
    line = claim.lines.get()
    client.force_login(claim.visit.application.applicant)
    form = page_text(client.get(url("claim_expense_edit", claim, line.pk)))
    assert "Leave this empty to keep “dinner.pdf”" in form
    data = expense_data(claim, amount="99.90")
    del data["receipt"]
    assert client.post(url("claim_expense_edit", claim, line.pk), data).status_code == 302
    line.refresh_from_db()
    assert (line.amount, line.receipt_name, line.receipt_size) == (
        Decimal("99.90"), "dinner.pdf", len(RECEIPT_PDF)
    )  # fmt: skip


def test_host_removes_an_expense_after_confirming(client):
    claim = claim_in("draft")
    line = claim.lines.get()
    client.force_login(claim.visit.application.applicant)
    confirm = page_text(client.get(url("claim_expense_delete", claim, line.pk)))
    assert "Remove the expense of" in confirm and "EUR 120.00" in confirm
    assert client.post(url("claim_expense_delete", claim, line.pk)).status_code == 302
    assert not ExpenseLine.objects.exists()


def test_host_submits_with_the_bank_details(client):
    claim = claim_in("draft", account_holder="", iban="")
    client.force_login(claim.visit.application.applicant)
    data = {
        "action": "submit",
        "account_holder": "Tesouraria",
        "iban": "pt50 0002 0123 1234 5678 9015 4",
    }

    response = client.post(url("claim", claim), data)

    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.state, claim.iban) == ("submitted", "PT50000201231234567890154")
    text = page_text(client.get(response["Location"]))
    assert "Your claim is submitted." in text
    assert "A coordinator is checking it" in text
    assert "Add an expense" not in text and "Submit the claim" not in text
    assert "PT50 0002 0123 1234 5678 9015 4" in text


def test_submission_without_bank_details_says_which_are_missing(client):
    claim = claim_in("draft", account_holder="", iban="")
    client.force_login(claim.visit.application.applicant)
    response = client.post(url("claim", claim), {"action": "submit", "account_holder": "",
                                                 "iban": "", "bic": ""})  # fmt: skip
    assert response.status_code == 400
    text = page_text(response)
    assert "Your claim was not submitted" in text
    assert "Please give the IBAN of the account to pay the lump sum to." in text
    assert "Please give the name the account is held in." in text


def test_a_wrong_iban_is_refused_and_kept_on_the_page(client):
    claim = claim_in("draft", account_holder="", iban="")
    client.force_login(claim.visit.application.applicant)
    data = {"action": "save", "account_holder": "Treasury", "iban": "BE71 0961 2345 6768"}
    response = client.post(url("claim", claim), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "check digits do not match" in page and "BE71 0961 2345 6768" in page


def test_submission_before_the_visit_ends_keeps_the_bank_details(client):
    claim = claim_in("draft", account_holder="", iban="")
    visit = claim.visit
    client.force_login(visit.application.applicant)
    data = {"action": "submit", "account_holder": "Treasury", "iban": "BE71096123456769"}
    with time_machine.travel(dt.datetime.combine(visit.ends_on, dt.time(12), tzinfo=visit.zone)):
        client.force_login(visit.application.applicant)
        response = client.post(url("claim", claim), data)
    assert response.status_code == 409
    assert "The claim can be submitted after the visit, from" in page_text(response)
    claim.refresh_from_db()
    assert (claim.state, claim.account_holder, claim.iban) == (
        "draft", "Treasury", "BE71096123456769"
    )  # fmt: skip


def test_host_reads_the_request_for_changes_and_the_ineligible_lines(client):
    coordinator = UserFactory(roles=["coordinator"], is_staff=True)
    claim = claim_in("submitted", coordinator=coordinator, lines=2)
    mark_expense(claim.lines.first(), eligible=False, reason="Wine is not eligible.",
                 by=coordinator)  # fmt: skip
    from visits.claims.review import request_changes

    request_changes(claim, message="Please split the dinner bill.", by=coordinator)
    client.force_login(claim.visit.application.applicant)
    text = page_text(client.get(url("claim", claim)))
    assert "State of the claim: Changes requested" in text
    assert "Please split the dinner bill." in text
    assert "Not eligible: Wine is not eligible." in text
    assert "Eligible total EUR 120.00" in text and "Total spent EUR 240.00" in text
    assert "Submit the claim" in text


@pytest.mark.parametrize(
    ("state", "says"),
    [
        ("approved", "EUR 120.00 will be paid to your city's account"),
        ("paid", "EUR 120.00 was paid to your city's account on"),
    ],
)
def test_approved_and_paid_claims_are_shown_frozen(client, state, says):
    claim = claim_in(state)
    client.force_login(claim.visit.application.applicant)
    text = page_text(client.get(url("claim", claim)))
    assert says in text and "Approved EUR 120.00" in text
    assert "Add an expense" not in text and "Edit" not in text
    response = client.post(url("claim_expense_new", claim), expense_data(claim))
    assert response.status_code == 409
    assert f"The claim has been {state}: it can no longer change." in page_text(response)


# --- Downloads


def test_receipt_is_downloaded_under_a_file_name_not_shown_by_any_public_url(client, settings):
    claim = claim_in("draft")
    line = claim.lines.get()
    client.force_login(UserFactory(roles=["coordinator"], is_staff=True))
    response = client.get(url("claim_receipt", claim, line.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="receipt-{line.pk}-dinner.pdf"'
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == RECEIPT_PDF
    assert client.get(f"{settings.MEDIA_URL}receipts/{line.receipt.name}").status_code == 404


def test_claim_pdf_holds_lines_totals_approval_and_payment(client):
    claim = claim_in("draft", lines=0)
    ExpenseLineFactory(claim=claim, amount=Decimal("2500.00"), description="Interpreters")
    ExpenseLineFactory(claim=claim, amount=Decimal("1200.40"), description="Dinner, 9 people")
    ExpenseLineFactory(claim=claim, amount=Decimal("80.00"), description="Taxi to the bar")
    coordinator = UserFactory(roles=["coordinator"], is_staff=True, first_name="Clara",
                              last_name="Coordinator")  # fmt: skip
    from visits.claims.review import approve_claim, record_payment
    from visits.claims.services import submit_claim

    claim = submit_claim(claim, by=claim.visit.application.applicant)
    mark_expense(claim.lines.get(description="Taxi to the bar"), eligible=False,
                 reason="Not common transport", by=coordinator)  # fmt: skip
    claim = approve_claim(claim, by=coordinator)
    from django.utils import timezone

    record_payment(claim, paid_on=timezone.localdate(), amount=Decimal("3400.00"),
                   reference="SEPA-2027-17", by=coordinator)  # fmt: skip
    client.force_login(claim.visit.application.applicant)

    response = client.get(url("claim_pdf", claim))

    assert response["Content-Type"] == "application/pdf"
    city = claim.visit.application.city
    assert (
        f'filename="claim-{city.lower().replace(" ", "-")}.pdf"' in response["Content-Disposition"]
    )
    text = pdf_text(response.content)
    for fact in [f"Lump-sum claim of {city}", "Interpreters", "EUR 2,500.00", "Dinner, 9 people",
                 "Not eligible: Not common transport", "Total spent EUR 3,780.40",
                 "Eligible total EUR 3,700.40", "Lump sum EUR 3,400.00",
                 "up to the lump sum EUR 3,400.00", "by Clara Coordinator: EUR 3,400.00",
                 "reference SEPA-2027-17", "BE71 0961 2345 6769"]:  # fmt: skip
        assert fact in text, fact
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == f"Lump-sum claim of {city}"
    assert str(reader.trailer["/Root"]["/Lang"]) == "en"


def test_claim_pdf_before_anything_is_saved_is_not_found(client):
    visit = PastVisitFactory()
    client.force_login(visit.application.applicant)
    assert client.get(url("claim_pdf", visit)).status_code == 404


# --- Bounded queries


@pytest.mark.parametrize("count", [1, 15])
def test_claim_page_query_count_does_not_grow_with_the_lines(
    client, django_assert_num_queries, count
):
    claim = LumpSumClaimFactory()
    for _ in range(count):
        ExpenseLineFactory(claim=claim)
    client.force_login(claim.visit.application.applicant)
    client.get(url("claim", claim))  # the session now remembers the verified e-mail
    with django_assert_num_queries(6):
        response = client.get(url("claim", claim))
    assert response.content.decode().count('class="claim-line') == count
