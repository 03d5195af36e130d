import datetime as dt
import logging
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from consolidate.refusals import Refused
from notifications.models import Email
from tests.factories import (
    RECEIPT_PDF,
    CostCategoryFactory,
    ExpenseLineFactory,
    LumpSumClaimFactory,
    PastVisitFactory,
    UserFactory,
    claim_in,
)
from visits.claims.expenses import add_expense, change_expense, remove_expense
from visits.claims.receipts import MAX_RECEIPT_BYTES, receipt_storage
from visits.claims.review import approve_claim, mark_expense, record_payment, request_changes
from visits.claims.services import open_claim, save_bank_details, submit_claim
from visits.models import ExpenseLine, LumpSumClaim, Visit

pytestmark = pytest.mark.django_db

STATES = ["draft", "submitted", "changes_requested", "approved", "paid"]
VALID_IBAN = "DE89 3704 0044 0532 0130 00"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120


def pdf(name="receipt.pdf", content=RECEIPT_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def coordinator():
    return UserFactory(roles=["coordinator"], is_staff=True)


def expense(claim, **values):
    """The details of a valid expense on ``claim``, with a real PDF receipt."""
    return {
        "category": claim.call.cost_categories.first(),
        "spent_on": claim.visit.starts_on,
        "description": "Taxi for the team",
        "amount": Decimal("48.20"),
        "receipt": pdf(),
        **values,
    }


# --- The state machine: every step from every state


def _steps(claim, coordinator):
    host, line = claim.visit.application.applicant, claim.lines.first()
    return {
        "add expense": lambda: add_expense(claim, **expense(claim)),
        "change expense": lambda: change_expense(
            line, **{**expense(claim, amount=Decimal("99.00")), "receipt": None}
        ),
        "remove expense": lambda: remove_expense(line),
        "save bank details": lambda: save_bank_details(
            claim, account_holder="Treasury", iban=VALID_IBAN
        ),
        "submit": lambda: submit_claim(claim, by=host),
        "mark not eligible": lambda: mark_expense(
            line, eligible=False, reason="Alcohol is not eligible.", by=coordinator
        ),
        "mark eligible": lambda: mark_expense(line, eligible=True, by=coordinator),
        "request changes": lambda: request_changes(claim, message="Add the lunch.", by=coordinator),
        "approve": lambda: approve_claim(claim, by=coordinator),
        "record payment": lambda: record_payment(
            claim, paid_on=timezone.localdate(), amount=Decimal("1.00"), reference="PAY-9",
            by=coordinator,
        ),
    }  # fmt: skip


STEPS = [
    "add expense", "change expense", "remove expense", "save bank details", "submit",
    "mark not eligible", "mark eligible", "request changes", "approve", "record payment",
]  # fmt: skip
HOST_STEPS = {"add expense", "change expense", "remove expense", "save bank details", "submit"}
ALLOWED = {
    "draft": HOST_STEPS,
    "submitted": {"mark not eligible", "mark eligible", "request changes", "approve"},
    "changes_requested": HOST_STEPS,
    "approved": {"record payment"},
    "paid": set(),
}
MOVES_TO = {"submit": "submitted", "request changes": "changes_requested",
            "approve": "approved", "record payment": "paid"}  # fmt: skip


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("step", STEPS)
def test_state_machine_allows_each_step_only_where_it_belongs(state, step, coordinator):
    claim = claim_in(state, coordinator=coordinator, lines=2)
    before = (claim.version, sorted(claim.lines.values_list("pk", "amount", "eligible")))

    if step in ALLOWED[state]:
        _steps(claim, coordinator)[step]()
        claim.refresh_from_db()
        assert claim.state == MOVES_TO.get(step, state)
        assert claim.version > before[0]
    else:
        with pytest.raises(Refused) as refused:
            _steps(claim, coordinator)[step]()
        assert refused.value.problems and all(refused.value.problems)
        claim.refresh_from_db()
        assert claim.state == state
        assert (claim.version, sorted(claim.lines.values_list("pk", "amount", "eligible"))) == (
            before
        )


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("submitted", "it can change again only if a coordinator asks for changes"),
        ("approved", "The claim has been approved: it can no longer change."),
        ("paid", "The claim has been paid: it can no longer change."),
    ],
)
def test_host_is_told_why_a_claim_cannot_change(state, message):
    claim = claim_in(state)
    with pytest.raises(Refused, match=message):
        add_expense(claim, **expense(claim))


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("draft", "The host has not submitted this claim yet."),
        ("changes_requested", "the host has to submit the claim again first"),
        ("approved", "This claim has been approved already"),
        ("paid", "This claim has been paid"),
    ],
)
def test_coordinator_is_told_why_a_claim_cannot_be_approved(state, message, coordinator):
    claim = claim_in(state, coordinator=coordinator)
    with pytest.raises(Refused, match=message):
        approve_claim(claim, by=coordinator)


def test_payment_of_a_paid_claim_is_refused_as_already_recorded(coordinator):
    claim = claim_in("paid", coordinator=coordinator)
    with pytest.raises(Refused, match="has been recorded already"):
        record_payment(claim, paid_on=timezone.localdate(), amount=Decimal("1.00"),
                       reference="Again", by=coordinator)  # fmt: skip


# --- Opening and submitting


@pytest.mark.parametrize(
    ("state", "message"),
    [("planning", "once the visit is confirmed"), ("cancelled", "has been cancelled")],
)
def test_claim_opens_only_for_a_confirmed_or_done_visit(state, message):
    visit = PastVisitFactory(state=state)
    with pytest.raises(Refused, match=message):
        open_claim(visit)
    assert not LumpSumClaim.objects.exists()


def test_claim_of_a_visit_cancelled_later_can_no_longer_change():
    claim = claim_in("draft")
    Visit.objects.filter(pk=claim.visit_id).update(state=Visit.State.CANCELLED)
    with pytest.raises(Refused, match="cancelled"):
        submit_claim(claim, by=claim.visit.application.applicant)


def test_submission_waits_for_the_day_after_the_visit():
    claim = claim_in("draft")
    visit = claim.visit
    last_day = dt.datetime.combine(visit.ends_on, dt.time(20), tzinfo=visit.zone)
    with time_machine.travel(last_day), pytest.raises(Refused) as refused:
        submit_claim(claim, by=visit.application.applicant)
    assert "can be submitted after the visit, from" in str(refused.value)
    with time_machine.travel(last_day + dt.timedelta(hours=5)):
        assert submit_claim(claim, by=visit.application.applicant).state == "submitted"


def test_submission_needs_an_expense_and_the_bank_details():
    claim = LumpSumClaimFactory(account_holder="", iban="")
    with pytest.raises(Refused) as refused:
        submit_claim(claim, by=claim.visit.application.applicant)
    assert refused.value.problems == [
        "Please add at least one expense with its receipt.",
        "Please give the account holder and the IBAN of the account to pay the lump sum to.",
    ]


def test_submission_fixes_the_cap_at_the_calls_lump_sum_then():
    claim = claim_in("submitted")
    call = claim.call
    call.lump_sum = Decimal("5000.00")
    call.save()
    claim.refresh_from_db()
    assert claim.cap == Decimal("3400.00")
    assert claim.lump_sum == Decimal("3400.00")
    assert claim.submitted_by == claim.visit.application.applicant


# --- Expenses and bank details


def test_expense_is_stored_with_its_receipt_under_our_own_name(settings):
    claim = claim_in("draft", lines=0)
    line = add_expense(claim, **expense(claim, receipt=pdf("Dinner at Café Porto (2).pdf")))
    assert line.receipt_name == "Dinner at Café Porto (2).pdf"
    assert line.receipt_type == "application/pdf"
    assert line.receipt_size == len(RECEIPT_PDF)
    assert line.receipt.name.endswith(".pdf") and "Dinner" not in line.receipt.name
    stored = settings.MEDIA_ROOT / "receipts" / line.receipt.name
    assert stored.read_bytes() == RECEIPT_PDF
    with pytest.raises(ValueError, match="no public address"):
        line.receipt.url  # noqa: B018


@pytest.mark.parametrize(
    ("content", "kind"),
    [(PNG, "image/png"), (JPEG, "image/jpeg"), (RECEIPT_PDF, "application/pdf")],
)
def test_pdf_jpeg_and_png_receipts_are_recognised_by_their_content(content, kind):
    claim = claim_in("draft", lines=0)
    line = add_expense(claim, **expense(claim, receipt=pdf("scan", content)))
    assert line.receipt_type == kind
    assert line.receipt.name.endswith({"image/png": ".png", "image/jpeg": ".jpg"}.get(kind, ".pdf"))


def test_executable_renamed_pdf_is_refused():
    claim = claim_in("draft", lines=0)
    with pytest.raises(Refused, match="not a PDF, JPEG or PNG, whatever its name says"):
        add_expense(claim, **expense(claim, receipt=pdf("receipt.pdf", EXECUTABLE)))
    assert not ExpenseLine.objects.exists()


def test_oversized_receipt_is_refused():
    claim = claim_in("draft", lines=0)
    big = RECEIPT_PDF + b"\x00" * (MAX_RECEIPT_BYTES + 1 - len(RECEIPT_PDF))
    with pytest.raises(Refused, match="a receipt can be at most 10.0"):
        add_expense(claim, **expense(claim, receipt=pdf("big.pdf", big)))
    assert not ExpenseLine.objects.exists()


def test_receipt_of_exactly_the_limit_is_accepted():
    claim = claim_in("draft", lines=0)
    limit = RECEIPT_PDF + b"\x00" * (MAX_RECEIPT_BYTES - len(RECEIPT_PDF))
    assert add_expense(claim, **expense(claim, receipt=pdf("big.pdf", limit))).receipt_size == (
        MAX_RECEIPT_BYTES
    )


def test_new_expense_needs_a_receipt():
    claim = claim_in("draft", lines=0)
    with pytest.raises(Refused, match="Please attach the receipt"):
        add_expense(claim, **expense(claim, receipt=None))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"amount": Decimal("0")}, "more than zero"),
        ({"amount": Decimal("-12.00")}, "more than zero"),
        ({"amount": Decimal("12.345")}, "at most two decimals"),
        ({"amount": Decimal("100000")}, "more than a visit's expense can be"),
        ({"amount": None}, "Please give the amount."),
        ({"description": "  "}, "Please say what the expense was for."),
        ({"spent_on": None}, "Please give the date"),
    ],
)
def test_expense_with_bad_details_is_refused(values, message):
    claim = claim_in("draft", lines=0)
    with pytest.raises(Refused, match=message):
        add_expense(claim, **expense(claim, **values))


def test_expense_dated_in_the_future_or_before_the_call_is_refused():
    claim = claim_in("draft", lines=0)
    tomorrow = claim.visit.local_today() + dt.timedelta(days=1)
    with pytest.raises(Refused, match="cannot be in the future"):
        add_expense(claim, **expense(claim, spent_on=tomorrow))
    long_ago = claim.call.opens_at.date() - dt.timedelta(days=2)
    with pytest.raises(Refused, match="an expense from before cannot be for this visit"):
        add_expense(claim, **expense(claim, spent_on=long_ago))


def test_expense_in_another_calls_category_is_refused():
    claim = claim_in("draft", lines=0)
    with pytest.raises(Refused, match="the call's eligible cost categories"):
        add_expense(claim, **expense(claim, category=CostCategoryFactory()))


def test_changing_or_removing_a_receipt_deletes_the_old_file(django_capture_on_commit_callbacks):
    claim = claim_in("draft")
    line = claim.lines.get()
    old = line.receipt.name
    with django_capture_on_commit_callbacks(execute=True):
        line = change_expense(line, **expense(claim, receipt=pdf("new.pdf")))
    assert not receipt_storage().exists(old)
    assert receipt_storage().exists(line.receipt.name) and line.receipt_name == "new.pdf"
    with django_capture_on_commit_callbacks(execute=True):
        remove_expense(line)
    assert not receipt_storage().exists(line.receipt.name)
    assert not claim.lines.exists()


def test_bank_details_are_stored_compact_and_a_wrong_iban_is_refused():
    claim = claim_in("draft")
    claim = save_bank_details(
        claim, account_holder=" Treasury ", iban="de89 3704 0044 0532 0130 00", bic="cobadeffxxx"
    )
    assert (claim.account_holder, claim.iban, claim.bic) == (
        "Treasury", "DE89370400440532013000", "COBADEFFXXX"
    )  # fmt: skip
    with pytest.raises(Refused, match="check digits do not match"):
        save_bank_details(claim, account_holder="Treasury", iban="DE89 3704 0044 0532 0130 01")
    claim.refresh_from_db()
    assert claim.iban == "DE89370400440532013000"


# --- Review, approval and payment


def test_approval_pays_the_eligible_total_capped_at_the_lump_sum(coordinator, caplog):
    claim = claim_in("draft", lines=0)
    for amount in ("2000.00", "1500.00", "650.55"):
        ExpenseLineFactory(claim=claim, amount=Decimal(amount))
    claim = submit_claim(claim, by=claim.visit.application.applicant)
    expensive = claim.lines.get(amount=Decimal("650.55"))
    mark_expense(expensive, eligible=False, reason="Drinks are not eligible.", by=coordinator)
    caplog.set_level(logging.INFO, logger="consolidate.security")

    claim = approve_claim(claim, by=coordinator)

    assert claim.approved_amount == Decimal("3400.00")  # 3500.00 eligible, capped
    assert claim.totals().spent == Decimal("4150.55")
    assert (claim.approved_by, claim.state) == (coordinator, "approved")
    assert f"claims.approve user={coordinator.pk} object=lumpsumclaim:{claim.pk}" in caplog.text


def test_approval_below_the_lump_sum_pays_the_eligible_total(coordinator):
    claim = claim_in("submitted", coordinator=coordinator, lines=3)
    assert approve_claim(claim, by=coordinator).approved_amount == Decimal("360.00")


def test_ineligible_expense_needs_a_reason_and_can_be_made_eligible_again(coordinator):
    claim = claim_in("submitted", coordinator=coordinator)
    line = claim.lines.get()
    with pytest.raises(Refused, match="Please say why"):
        mark_expense(line, eligible=False, reason="  ", by=coordinator)
    line = mark_expense(line, eligible=False, reason="No receipt for the wine", by=coordinator)
    assert (line.eligible, line.ineligible_reason) == (False, "No receipt for the wine")
    line = mark_expense(line, eligible=True, reason="ignored", by=coordinator)
    assert (line.eligible, line.ineligible_reason) == (True, "")


def test_host_changes_and_submits_again_after_a_request(coordinator):
    claim = claim_in("changes_requested", coordinator=coordinator)
    assert claim.changes_message == "Please add the lunch."
    add_expense(claim, **expense(claim))
    claim = submit_claim(claim, by=claim.visit.application.applicant)
    assert claim.state == "submitted" and claim.lines.count() == 2


def test_request_for_changes_needs_a_message(coordinator):
    claim = claim_in("submitted", coordinator=coordinator)
    with pytest.raises(Refused, match="what to change"):
        request_changes(claim, message=" ", by=coordinator)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"amount": Decimal("120.01")}, "cannot be more than the approved amount, EUR 120.00"),
        ({"amount": Decimal("0")}, "must be more than zero"),
        ({"amount": Decimal("-5")}, "must be more than zero"),
        ({"paid_on": "tomorrow"}, "cannot be in the future"),
        ({"paid_on": "last year"}, "cannot be before the approval"),
        ({"reference": ""}, "Please give the payment's reference"),
    ],
)
def test_payment_is_refused_when_it_breaks_a_rule(values, message, coordinator):
    claim = claim_in("approved", coordinator=coordinator)
    days = {"tomorrow": 1, "last year": -365}
    if "paid_on" in values:
        values["paid_on"] = timezone.localdate() + dt.timedelta(days=days[values["paid_on"]])
    payment = {"paid_on": timezone.localdate(), "amount": Decimal("120.00"), "reference": "P-1",
               **values}  # fmt: skip
    with pytest.raises(Refused, match=message):
        record_payment(claim, by=coordinator, **payment)
    claim.refresh_from_db()
    assert claim.state == "approved" and claim.paid_amount is None


def test_payment_is_recorded_and_logged(coordinator, caplog):
    caplog.set_level(logging.INFO, logger="consolidate.security")
    claim = claim_in("approved", coordinator=coordinator)
    claim = record_payment(claim, paid_on=timezone.localdate(), amount=Decimal("100.00"),
                           reference=" SEPA 2027/0042 ", by=coordinator)  # fmt: skip
    assert (claim.state, claim.paid_amount, claim.payment_reference) == (
        "paid", Decimal("100.00"), "SEPA 2027/0042"
    )  # fmt: skip
    assert claim.payment_recorded_by == coordinator
    assert f"claims.pay user={coordinator.pk} object=lumpsumclaim:{claim.pk}" in caplog.text


def test_nothing_to_pay_when_nothing_was_eligible(coordinator):
    claim = claim_in("submitted", coordinator=coordinator)
    mark_expense(claim.lines.get(), eligible=False, reason="Not for the visit", by=coordinator)
    claim = approve_claim(claim, by=coordinator)
    assert claim.approved_amount == Decimal("0.00")
    with pytest.raises(Refused, match="Nothing was approved"):
        record_payment(claim, paid_on=timezone.localdate(), amount=Decimal("0.01"),
                       reference="P", by=coordinator)  # fmt: skip


def test_a_coordinator_acting_on_an_older_view_is_refused(coordinator):
    claim = claim_in("submitted", coordinator=coordinator)
    seen = claim.version
    other = UserFactory(roles=["coordinator"], is_staff=True)
    mark_expense(claim.lines.get(), eligible=False, reason="Duplicate", by=other)

    with pytest.raises(Refused, match="Someone else changed this while you were looking at it"):
        approve_claim(claim, by=coordinator, seen_version=seen)

    claim.refresh_from_db()
    assert claim.state == "submitted" and claim.approved_amount is None
    assert approve_claim(claim, by=coordinator, seen_version=claim.version).state == "approved"


# --- E-mails to the host


def test_host_gets_an_email_at_each_change_of_state(coordinator):
    claim = claim_in("paid", coordinator=coordinator)
    application = claim.visit.application
    emails = (
        Email.objects.filter(recipient=application.email)
        .exclude(kind="submission_confirmation")
        .order_by("pk")
    )
    assert [email.kind for email in emails] == ["claim_submitted", "claim_approved", "claim_paid"]
    approved = emails.get(kind="claim_approved")
    assert "EUR 120.00 will be paid" in approved.body
    assert f"/visits/{claim.visit_id}/claim/" in approved.body
    paid = emails.get(kind="claim_paid")
    assert "“PAY-1”" in paid.body and application.city in paid.subject


def test_each_request_for_changes_is_its_own_email(coordinator):
    claim = claim_in("changes_requested", coordinator=coordinator)
    host = claim.visit.application.applicant
    claim = submit_claim(claim, by=host)
    request_changes(claim, message="The dinner receipt is unreadable.", by=coordinator)
    requests = Email.objects.filter(kind="claim_changes_requested").order_by("pk")
    assert requests.count() == 2
    assert "The dinner receipt is unreadable." in requests.last().body
    assert Email.objects.filter(kind="claim_submitted").count() == 2


# --- What the database itself refuses


def _violates(queryset, **values) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**values)


def test_database_refuses_an_approved_amount_above_the_cap(coordinator):
    claim = claim_in("approved", coordinator=coordinator)
    claims = LumpSumClaim.objects.filter(pk=claim.pk)
    _violates(claims, approved_amount=Decimal("3400.01"))
    _violates(claims, approved_amount=Decimal("-1.00"))
    _violates(claims, cap=None)
    claims.update(approved_amount=Decimal("3400.00"))  # exactly the cap is fine


def test_database_refuses_a_payment_above_the_approved_amount(coordinator):
    claim = claim_in("paid", coordinator=coordinator)
    claims = LumpSumClaim.objects.filter(pk=claim.pk)
    _violates(claims, paid_amount=Decimal("120.01"))
    _violates(claims, paid_amount=Decimal("0.00"))
    _violates(claims, approved_amount=None)
    _violates(claims, paid_on=None)


def test_database_refuses_impossible_expenses():
    line = claim_in("draft").lines.get()
    lines = ExpenseLine.objects.filter(pk=line.pk)
    for amount in ("0.00", "-1.00", "100000.00"):
        _violates(lines, amount=Decimal(amount))
    _violates(lines, eligible=False, ineligible_reason="")
    _violates(lines, receipt_size=MAX_RECEIPT_BYTES + 1)
    _violates(lines, receipt_type="application/x-msdownload")
