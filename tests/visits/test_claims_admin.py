import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Email
from tests.factories import ExpenseLineFactory, UserFactory, claim_in
from visits.claims.services import submit_claim
from visits.models import LumpSumClaim

pytestmark = pytest.mark.django_db

LIST = reverse("admin:visits_lumpsumclaim_changelist")


def review_url(claim):
    return reverse("admin:visits_lumpsumclaim_change", args=[claim.pk])


def text_of(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def coordinator():
    return UserFactory(roles=["coordinator"], is_staff=True)


def post(client, claim, action, **data):
    return client.post(review_url(claim), {"action": action, "seen_version": claim.version, **data})


# --- Who reaches the claims in the admin


def test_coordinator_sees_the_claims_with_their_state_and_totals(client, coordinator):
    claim = claim_in("draft", lines=0)
    ExpenseLineFactory(claim=claim, amount=Decimal("2900.00"))
    ExpenseLineFactory(claim=claim, amount=Decimal("800.25"))
    submit_claim(claim, by=claim.visit.application.applicant)
    claim_in("draft")
    client.force_login(coordinator)
    text = text_of(client.get(LIST))
    city = claim.visit.application.city
    row = text[text.index(city) :]
    for fact in ["Submitted", "2", "EUR 3,700.25", "EUR 3,400.00"]:
        assert fact in row, fact
    assert "Draft" in text


@pytest.mark.parametrize("role", ["reviewer", "champion", "expert", "applicant", None])
def test_nobody_else_reaches_the_claims_in_the_admin(client, role, coordinator):
    claim = claim_in("submitted", coordinator=coordinator)
    if role:
        client.force_login(UserFactory(roles=[role], is_staff=role == "reviewer"))
    for address in (LIST, review_url(claim)):
        response = client.get(address)
        assert response.status_code in (302, 403), address
        if response.status_code == 302:
            assert "login" in response["Location"]
    post(client, claim, "approve")
    post(client, claim, f"ineligible:{claim.lines.get().pk}", **{"reason": "x"})
    claim.refresh_from_db()
    assert claim.state == "submitted" and claim.lines.get().eligible


# --- The review page


def test_review_page_shows_each_line_with_its_receipt_and_the_bank_details(client, coordinator):
    claim = claim_in("submitted", coordinator=coordinator, lines=2)
    client.force_login(coordinator)
    response = client.get(review_url(claim))
    page, text = response.content.decode(), text_of(response)
    for line in claim.lines.all():
        assert reverse("visits:claim_receipt", args=[claim.visit_id, line.pk]) in page
        assert line.description in text
    for fact in ["State: Submitted", "BE71 0961 2345 6769", "City treasury",
                 "Total spent EUR 240.00", "Approve EUR 240.00", "Request changes"]:  # fmt: skip
        assert fact in text, fact
    assert reverse("visits:claim_pdf", args=[claim.visit_id]) in page


def test_coordinator_marks_a_line_approves_and_records_the_payment(client, coordinator):
    claim = claim_in("submitted", coordinator=coordinator, lines=2)
    client.force_login(coordinator)
    wine = claim.lines.first()

    missing = post(client, claim, f"ineligible:{wine.pk}", **{f"line-{wine.pk}-reason": " "})
    assert missing.status_code == 409
    assert "Please say why this expense is not eligible" in text_of(missing)

    marked = post(client, claim, f"ineligible:{wine.pk}",
                  **{f"line-{wine.pk}-reason": "Wine is not eligible."})  # fmt: skip
    assert marked.status_code == 302
    claim.refresh_from_db()
    assert "Approve EUR 120.00" in text_of(client.get(review_url(claim)))

    assert post(client, claim, "approve").status_code == 302
    claim.refresh_from_db()
    assert (claim.state, claim.approved_amount, claim.approved_by) == (
        "approved", Decimal("120.00"), coordinator
    )  # fmt: skip

    today = timezone.localdate().isoformat()
    too_much = post(client, claim, "pay", **{"payment-paid_on": today, "payment-amount": "120.01",
                                             "payment-reference": "SEPA-1"})  # fmt: skip
    assert too_much.status_code == 400
    assert "cannot be more than the approved amount, EUR 120.00" in text_of(too_much)
    paid = post(client, claim, "pay", **{"payment-paid_on": today, "payment-amount": "120,00",
                                         "payment-reference": "SEPA-1"})  # fmt: skip
    assert paid.status_code == 302
    claim.refresh_from_db()
    assert (claim.state, claim.paid_amount, claim.payment_reference) == (
        "paid", Decimal("120.00"), "SEPA-1"
    )  # fmt: skip
    text = text_of(client.get(review_url(claim)))
    assert "State: Paid" in text and "Paid on" in text and "reference “SEPA-1”" in text
    assert "Record the payment" not in text and "Approve EUR" not in text


def test_coordinator_requests_changes_with_a_message(client, coordinator):
    claim = claim_in("submitted", coordinator=coordinator)
    client.force_login(coordinator)
    empty = post(client, claim, "changes", **{"changes-message": ""})
    assert empty.status_code == 400 and "Please tell the host what to change." in text_of(empty)
    sent = post(client, claim, "changes", **{"changes-message": "The receipt is unreadable."})
    assert sent.status_code == 302
    claim.refresh_from_db()
    assert (claim.state, claim.changes_message) == (
        "changes_requested",
        "The receipt is unreadable.",
    )
    email = Email.objects.get(kind="claim_changes_requested")
    assert "The receipt is unreadable." in email.body


def test_two_coordinators_at_once_do_not_overwrite_each_other(client, coordinator):
    claim = claim_in("submitted", coordinator=coordinator, lines=2)
    seen = claim.version
    other = UserFactory(roles=["coordinator"], is_staff=True)
    line = claim.lines.first()
    client.force_login(other)
    post(client, claim, f"ineligible:{line.pk}", **{f"line-{line.pk}-reason": "Duplicate bill"})

    client.force_login(coordinator)
    stale = client.post(review_url(claim), {"action": "approve", "seen_version": seen})

    assert stale.status_code == 409
    text = text_of(stale)
    assert "Someone else changed this while you were looking at it" in text
    assert "Duplicate bill" in text and "Approve EUR 120.00" in text
    claim.refresh_from_db()
    assert claim.state == "submitted" and claim.approved_amount is None


def test_unknown_step_changes_nothing(client, coordinator):
    claim = claim_in("submitted", coordinator=coordinator)
    client.force_login(coordinator)
    response = post(client, claim, "delete-everything")
    assert response.status_code == 302
    assert LumpSumClaim.objects.get().state == "submitted"


# --- Bounded queries


@pytest.mark.parametrize("count", [1, 10])
def test_claim_list_query_count_does_not_grow(
    client, coordinator, django_assert_num_queries, count
):
    for _ in range(count):
        claim_in("submitted", coordinator=coordinator, lines=2)
    client.force_login(coordinator)
    with django_assert_num_queries(8):
        response = client.get(LIST)
    assert response.content.decode().count("EUR 240.00") == 2 * count  # spent, to reimburse


@pytest.mark.parametrize("count", [1, 12])
def test_review_page_query_count_does_not_grow(client, coordinator, django_assert_num_queries,
                                               count):  # fmt: skip
    claim = claim_in("submitted", coordinator=coordinator, lines=count)
    client.force_login(coordinator)
    with django_assert_num_queries(7):
        response = client.get(review_url(claim))
    assert response.content.decode().count('class="claim-line"') == count
