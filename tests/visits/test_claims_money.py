from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ExpenseLineFactory, LumpSumClaimFactory, UserFactory
from visits.claims.bank import compact, grouped, validate_bic, validate_iban
from visits.claims.forms import EuroField
from visits.claims.money import LINE_CEILING, amount_problem, claim_totals
from visits.claims.review import approve_claim, mark_expense
from visits.claims.services import submit_claim

amounts = st.decimals(min_value=Decimal("0.01"), max_value=LINE_CEILING - Decimal("0.01"),
                      places=2)  # fmt: skip
lines = st.lists(st.tuples(amounts, st.booleans()), max_size=40)
lump_sums = st.decimals(min_value=Decimal("0"), max_value=Decimal("100000"), places=2)


@given(lines=lines, lump_sum=lump_sums)
def test_reimbursement_never_exceeds_the_lump_sum_nor_falls_below_zero(lines, lump_sum):
    totals = claim_totals(lines, lump_sum)
    assert Decimal("0") <= totals.reimbursable <= lump_sum
    assert totals.reimbursable <= totals.eligible <= totals.spent
    assert totals.reimbursable == min(totals.eligible, lump_sum)
    assert totals.above_lump_sum == totals.eligible - totals.reimbursable >= 0


@given(lines=lines, lump_sum=lump_sums)
def test_totals_are_exact_decimals_in_cents(lines, lump_sum):
    totals = claim_totals(lines, lump_sum)
    assert totals.spent == sum((amount for amount, _ in lines), Decimal("0"))
    assert totals.eligible == sum((amount for amount, eligible in lines if eligible), Decimal("0"))
    for value in (totals.spent, totals.eligible, totals.lump_sum, totals.reimbursable):
        assert isinstance(value, Decimal) and value.as_tuple().exponent == -2


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.tuples(amounts, st.booleans()), min_size=1, max_size=6))
def test_no_claim_is_approved_above_the_calls_lump_sum(lines):
    coordinator = UserFactory(roles=["coordinator"])
    claim = LumpSumClaimFactory()
    for amount, _eligible in lines:
        ExpenseLineFactory(claim=claim, amount=amount)
    claim = submit_claim(claim, by=claim.visit.application.applicant)
    for line, (_amount, eligible) in zip(claim.lines.order_by("pk"), lines, strict=True):
        if not eligible:
            mark_expense(line, eligible=False, reason="Not for the visit", by=coordinator)

    claim = approve_claim(claim, by=coordinator)

    assert Decimal("0") <= claim.approved_amount <= claim.call.lump_sum == Decimal("3400.00")


def test_no_lines_reimburse_nothing():
    assert claim_totals([], Decimal("3400.00")).reimbursable == Decimal("0.00")


@pytest.mark.parametrize(
    ("amount", "problem"),
    [
        (Decimal("0.01"), ""),
        (Decimal("99999.99"), ""),
        (Decimal("0"), "The amount must be more than zero."),
        (Decimal("-0.01"), "The amount must be more than zero."),
        (Decimal("1.005"), "at most two decimals"),
        (Decimal("100000"), "100,000.00 is more than a visit's expense can be"),
        (Decimal("NaN"), "as a number"),
        (None, "Please give the amount."),
    ],
)
def test_amount_problems_are_said_clearly(amount, problem):
    assert problem in amount_problem(amount) if problem else amount_problem(amount) == ""


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("125.50", Decimal("125.50")),
        ("125,50", Decimal("125.50")),
        ("1,250.50", Decimal("1250.50")),
        ("1.250,50", Decimal("1250.50")),
        ("€ 1 250,50", Decimal("1250.50")),
        ("3400 EUR", Decimal("3400")),
    ],
)
def test_amounts_are_read_as_people_type_them(typed, value):
    assert EuroField().clean(typed) == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12.345", "at most two decimals"),
        ("twelve", "as a number"),
        ("123456789012", "far too large"),
        ("1e12", "far too large"),
    ],
)
def test_amounts_that_cannot_be_money_are_refused_with_a_message(typed, message):
    with pytest.raises(ValidationError) as refused:
        EuroField().clean(typed)
    assert message in " ".join(refused.value.messages)


@pytest.mark.parametrize(
    "iban",
    ["BE71 0961 2345 6769", "de89370400440532013000", "PT50 0002 0123 1234 5678 9015 4",
     "FR14 2004 1010 0505 0001 3M02 606"],
)  # fmt: skip
def test_valid_ibans_are_accepted(iban):
    validate_iban(iban)


@pytest.mark.parametrize(
    ("iban", "message"),
    [
        ("BE71 0961 2345 6768", "check digits do not match"),
        ("BE71 0961 2345 676", "has 16 characters; this one has 15"),
        ("0961 2345 6769", "starts with the country code"),
        ("", "starts with the country code"),
    ],
)
def test_wrong_ibans_are_refused_with_the_reason(iban, message):
    with pytest.raises(ValidationError, match=message):
        validate_iban(iban)


def test_bic_has_eight_or_eleven_characters():
    validate_bic("GEBABEBB")
    validate_bic("cobadeffxxx")
    with pytest.raises(ValidationError, match="8 or 11"):
        validate_bic("GEBABE")


def test_iban_is_stored_compact_and_shown_in_groups():
    assert compact(" be71-0961 2345.6769 ") == "BE71096123456769"
    assert grouped("BE71096123456769") == "BE71 0961 2345 6769"
