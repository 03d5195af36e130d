"""What the host and the coordinators do with a claim. Each step locks the claim, checks that
its state allows the step, and raises the claim's ``version``.

Steps by state (anything else is refused with ``ClaimRefused``):

=================  ==========================================================================
draft              host: add, change, remove expenses; bank details; submit
submitted          coordinator: mark expenses (not) eligible; approve; request changes
changes_requested  host: as in draft, then submit again
approved           coordinator: record the payment
paid               nothing
=================  ==========================================================================
"""

import datetime as dt
import os
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calls.models import CostCategory
from consolidate.security import log_event

from ..models import Visit
from .bank import compact, validate_bic, validate_iban
from .models import ExpenseLine, LumpSumClaim
from .money import CENT, amount_problem
from .notifications import notify_host
from .receipts import receipt_problem, receipt_storage, sniff

State = LumpSumClaim.State

HOST_REFUSALS = {
    State.SUBMITTED: gettext_lazy(
        "The claim has been submitted: it can change again only if a coordinator asks for changes."
    ),
    State.APPROVED: gettext_lazy("The claim has been approved: it can no longer change."),
    State.PAID: gettext_lazy("The claim has been paid: it can no longer change."),
}
REVIEW_REFUSALS = {
    State.DRAFT: gettext_lazy("The host has not submitted this claim yet."),
    State.CHANGES_REQUESTED: gettext_lazy(
        "Changes have been requested: the host has to submit the claim again first."
    ),
    State.APPROVED: gettext_lazy("This claim has been approved already: it can no longer change."),
    State.PAID: gettext_lazy("This claim has been paid: it can no longer change."),
}
PAYMENT_REFUSALS = {
    State.DRAFT: gettext_lazy("Only an approved claim can be paid."),
    State.SUBMITTED: gettext_lazy("Only an approved claim can be paid."),
    State.CHANGES_REQUESTED: gettext_lazy("Only an approved claim can be paid."),
    State.PAID: gettext_lazy("The payment of this claim has been recorded already."),
}


class ClaimRefused(Exception):
    """What was asked breaks a rule; ``problems`` says which, for the person who asked."""

    def __init__(self, *problems: str):
        self.problems = [str(problem) for problem in problems]
        super().__init__(" ".join(self.problems))


def _locked(claim: LumpSumClaim) -> LumpSumClaim:
    claims = LumpSumClaim.objects.select_for_update(of=("self",))
    return claims.select_related("visit__application__call").get(pk=claim.pk)


def _changed(claim: LumpSumClaim, *fields: str) -> None:
    claim.version += 1
    claim.save(update_fields=[*fields, "version", "updated_at"])


def _check_seen(claim: LumpSumClaim, seen_version: int | None) -> None:
    if seen_version is not None and seen_version != claim.version:
        raise ClaimRefused(
            _(
                "Someone else changed this claim while you were looking at it: it is now "
                "“%(state)s”. Check it again, and repeat your action if it still applies."
            )
            % {"state": claim.get_state_display()}
        )


# --- The host ------------------------------------------------------------------------------------


def claim_refusal(visit: Visit) -> str:
    """Why the host cannot work on the visit's claim now; empty when they can."""
    if visit.state == Visit.State.CANCELLED:
        return _("This visit has been cancelled: there is nothing to claim.")
    if visit.state == Visit.State.PLANNING:
        return _("The claim opens once the visit is confirmed.")
    return ""


def edit_refusal(claim: LumpSumClaim) -> str:
    """Why the host cannot change the claim now; empty when they can."""
    if not claim.is_open_to_the_host:
        return str(HOST_REFUSALS[claim.state])
    return claim_refusal(claim.visit)


def _require_host_can_edit(claim: LumpSumClaim) -> None:
    refusal = edit_refusal(claim)
    if refusal:
        raise ClaimRefused(refusal)


def claim_of(visit: Visit) -> LumpSumClaim:
    """The visit's claim; an unsaved draft if the host has not saved anything yet."""
    claim = LumpSumClaim.objects.filter(visit=visit).first() or LumpSumClaim(visit=visit)
    claim.visit = visit  # loaded already, with its application and call
    return claim


@transaction.atomic
def open_claim(visit: Visit) -> LumpSumClaim:
    """The visit's claim, opened as a draft the first time the host saves something on it."""
    visits = Visit.objects.select_for_update(of=("self",)).select_related("application__call")
    visit = visits.get(pk=visit.pk)
    existing = LumpSumClaim.objects.filter(visit=visit).first()
    if existing is not None:
        return existing
    refusal = claim_refusal(visit)
    if refusal:
        raise ClaimRefused(refusal)
    return LumpSumClaim.objects.create(visit=visit)


def expense_problems(
    claim: LumpSumClaim,
    *,
    category: CostCategory | None,
    spent_on: dt.date | None,
    description: str,
    amount: Decimal | None,
) -> dict[str, str]:
    """What is wrong with an expense's details, by field (the receipt is checked apart)."""
    call, problems = claim.call, {}
    if category is None or category.call_id != call.pk:
        problems["category"] = _("Please choose one of the call's eligible cost categories.")
    opened = timezone.localtime(call.opens_at, call.zone).date()
    if spent_on is None:
        problems["spent_on"] = _("Please give the date of the expense.")
    elif spent_on > claim.visit.local_today():
        problems["spent_on"] = _("The date cannot be in the future.")
    elif spent_on < opened:
        problems["spent_on"] = _(
            "The call opened on %(day)s: an expense from before cannot be for this visit."
        ) % {"day": date_format(opened, "j F Y")}
    if not description.strip():
        problems["description"] = _("Please say what the expense was for.")
    problem = amount_problem(amount)
    if problem:
        problems["amount"] = problem
    return problems


def _check_expense(claim: LumpSumClaim, details: dict, receipt, *, new: bool) -> None:
    """A new expense needs a receipt; a changed one keeps its own unless it gets another."""
    problems = expense_problems(claim, **details)
    if new or receipt is not None:
        problems["receipt"] = receipt_problem(receipt)
    problems = [problem for problem in problems.values() if problem]
    if problems:
        raise ClaimRefused(*problems)


def _attach(line: ExpenseLine, receipt) -> None:
    """Store the receipt under our own name; keep the name it came with for the download."""
    line.receipt_type = sniff(receipt)
    line.receipt_name = os.path.basename(receipt.name or "")[:255] or "receipt"
    line.receipt_size = receipt.size
    line.receipt.save(line.receipt_name, receipt, save=False)


def _forget_file(name: str) -> None:
    transaction.on_commit(lambda: receipt_storage().delete(name))


@transaction.atomic
def add_expense(
    claim: LumpSumClaim,
    *,
    category: CostCategory,
    spent_on: dt.date,
    description: str,
    amount: Decimal,
    receipt,
) -> ExpenseLine:
    claim = _locked(claim)
    _require_host_can_edit(claim)
    details = {"category": category, "spent_on": spent_on, "description": description,
               "amount": amount}  # fmt: skip
    _check_expense(claim, details, receipt, new=True)
    line = ExpenseLine(claim=claim, **{**details, "description": description.strip()})
    _attach(line, receipt)
    line.save()
    _changed(claim)
    return line


def _line_of(claim: LumpSumClaim, line: ExpenseLine) -> ExpenseLine:
    found = claim.lines.select_related("category").filter(pk=line.pk).first()
    if found is None:
        raise ClaimRefused(_("This expense is no longer part of the claim."))
    return found


@transaction.atomic
def change_expense(
    line: ExpenseLine,
    *,
    category: CostCategory,
    spent_on: dt.date,
    description: str,
    amount: Decimal,
    receipt=None,
) -> ExpenseLine:
    """Change an expense; without a new receipt, the one it has stays."""
    claim = _locked(line.claim)
    _require_host_can_edit(claim)
    line = _line_of(claim, line)
    details = {"category": category, "spent_on": spent_on, "description": description,
               "amount": amount}  # fmt: skip
    _check_expense(claim, details, receipt, new=False)
    for field, value in {**details, "description": description.strip()}.items():
        setattr(line, field, value)
    if receipt is not None:
        _forget_file(line.receipt.name)
        _attach(line, receipt)
    line.save()
    _changed(claim)
    return line


@transaction.atomic
def remove_expense(line: ExpenseLine) -> None:
    claim = _locked(line.claim)
    _require_host_can_edit(claim)
    line = _line_of(claim, line)
    _forget_file(line.receipt.name)
    line.delete()
    _changed(claim)


@transaction.atomic
def save_bank_details(
    claim: LumpSumClaim, *, account_holder: str, iban: str, bic: str = ""
) -> LumpSumClaim:
    """The account the lump sum is paid to; left incomplete in a draft if need be."""
    claim = _locked(claim)
    _require_host_can_edit(claim)
    iban, bic = compact(iban), compact(bic)
    try:
        if iban:
            validate_iban(iban)
        validate_bic(bic)
    except ValidationError as error:
        raise ClaimRefused(*error.messages) from error
    claim.account_holder, claim.iban, claim.bic = account_holder.strip(), iban, bic
    _changed(claim, "account_holder", "iban", "bic")
    return claim


def submission_problems(claim: LumpSumClaim) -> list[str]:
    """What still stands between the claim and its submission."""
    refusal = edit_refusal(claim)
    if refusal:
        return [refusal]
    visit, problems = claim.visit, []
    if visit.ends_on is None:
        problems.append(_("The visit has no dates yet."))
    elif not visit.is_over():
        problems.append(
            _("The claim can be submitted after the visit, from %(day)s.")
            % {"day": date_format(visit.ends_on + dt.timedelta(days=1), "j F Y")}
        )
    if claim.pk is None or not claim.lines.exists():
        problems.append(_("Please add at least one expense with its receipt."))
    if not (claim.account_holder.strip() and claim.iban):
        problems.append(
            _("Please give the account holder and the IBAN of the account to pay the lump sum to.")
        )
    return problems


@transaction.atomic
def submit_claim(claim: LumpSumClaim, *, by) -> LumpSumClaim:
    """Send the claim to the coordinators; the call's lump sum now caps it."""
    claim = _locked(claim)
    problems = submission_problems(claim)
    if problems:
        raise ClaimRefused(*problems)
    claim.state, claim.cap = State.SUBMITTED, claim.call.lump_sum
    claim.submitted_at, claim.submitted_by = timezone.now(), by
    _changed(claim, "state", "cap", "submitted_at", "submitted_by")
    notify_host(claim, at=claim.submitted_at)
    return claim


# --- The coordinators ----------------------------------------------------------------------------


def _require_state(claim: LumpSumClaim, state: str, refusals: dict) -> None:
    if claim.state != state:
        raise ClaimRefused(refusals[claim.state])


@transaction.atomic
def mark_expense(
    line: ExpenseLine, *, eligible: bool, reason: str = "", by, seen_version: int | None = None
) -> ExpenseLine:
    """Mark an expense (not) eligible; the host reads the reason."""
    claim = _locked(line.claim)
    _check_seen(claim, seen_version)
    _require_state(claim, State.SUBMITTED, REVIEW_REFUSALS)
    line = _line_of(claim, line)
    reason = reason.strip()
    if not eligible and not reason:
        raise ClaimRefused(_("Please say why this expense is not eligible: the host reads it."))
    line.eligible, line.ineligible_reason = eligible, "" if eligible else reason
    line.save(update_fields=["eligible", "ineligible_reason", "updated_at"])
    _changed(claim)
    log_event("claim expense marked", user=by, claim=claim.pk, expense=line.pk, eligible=eligible)
    return line


@transaction.atomic
def request_changes(
    claim: LumpSumClaim, *, message: str, by, seen_version: int | None = None
) -> LumpSumClaim:
    claim = _locked(claim)
    _check_seen(claim, seen_version)
    _require_state(claim, State.SUBMITTED, REVIEW_REFUSALS)
    if not message.strip():
        raise ClaimRefused(_("Please tell the host what to change."))
    claim.state, claim.changes_message = State.CHANGES_REQUESTED, message.strip()
    claim.changes_requested_at, claim.changes_requested_by = timezone.now(), by
    _changed(claim, "state", "changes_message", "changes_requested_at", "changes_requested_by")
    notify_host(claim, at=claim.changes_requested_at)
    return claim


@transaction.atomic
def approve_claim(claim: LumpSumClaim, *, by, seen_version: int | None = None) -> LumpSumClaim:
    """Approve what will be paid: the eligible total, capped at the lump sum."""
    claim = _locked(claim)
    _check_seen(claim, seen_version)
    _require_state(claim, State.SUBMITTED, REVIEW_REFUSALS)
    claim.approved_amount = claim.totals().reimbursable
    claim.state, claim.approved_at, claim.approved_by = State.APPROVED, timezone.now(), by
    _changed(claim, "state", "approved_amount", "approved_at", "approved_by")
    log_event("claim approved", user=by, claim=claim.pk, amount=claim.approved_amount)
    notify_host(claim, at=claim.approved_at)
    return claim


def payment_problems(
    claim: LumpSumClaim, *, paid_on: dt.date | None, amount: Decimal | None, reference: str
) -> dict[str, str]:
    """What is wrong with a payment of the (approved) claim, by field."""
    problems, approved = {}, claim.approved_amount or Decimal("0")
    if approved <= 0:
        return {"amount": _("Nothing was approved: there is no payment to record.")}
    if amount is None or amount <= 0:
        problems["amount"] = _("The amount paid must be more than zero.")
    elif amount != amount.quantize(CENT):
        problems["amount"] = _("Please give the amount in euros and cents, with two decimals.")
    elif amount > approved:
        problems["amount"] = _(
            "The payment cannot be more than the approved amount, %(currency)s %(amount)s."
        ) % {"currency": claim.call.currency, "amount": approved}
    approved_on = timezone.localdate(claim.approved_at) if claim.approved_at else None
    if paid_on is None:
        problems["paid_on"] = _("Please give the date of the payment.")
    elif paid_on > timezone.localdate():
        problems["paid_on"] = _("The payment date cannot be in the future.")
    elif approved_on and paid_on < approved_on:
        problems["paid_on"] = _("The claim was approved on %(day)s: it was paid after that.") % {
            "day": date_format(approved_on, "j F Y")
        }
    if not reference.strip():
        problems["reference"] = _("Please give the payment's reference, as the bank shows it.")
    return problems


@transaction.atomic
def record_payment(
    claim: LumpSumClaim,
    *,
    paid_on: dt.date,
    amount: Decimal,
    reference: str,
    by,
    seen_version: int | None = None,
) -> LumpSumClaim:
    claim = _locked(claim)
    _check_seen(claim, seen_version)
    _require_state(claim, State.APPROVED, PAYMENT_REFUSALS)
    problems = payment_problems(claim, paid_on=paid_on, amount=amount, reference=reference)
    if problems:
        raise ClaimRefused(*problems.values())
    claim.state, claim.paid_on, claim.paid_amount = State.PAID, paid_on, amount
    claim.payment_reference = reference.strip()
    claim.payment_recorded_at, claim.payment_recorded_by = timezone.now(), by
    _changed(claim, "state", "paid_on", "paid_amount", "payment_reference",
             "payment_recorded_at", "payment_recorded_by")  # fmt: skip
    log_event("claim paid", user=by, claim=claim.pk, amount=amount)
    notify_host(claim, at=claim.payment_recorded_at)
    return claim
