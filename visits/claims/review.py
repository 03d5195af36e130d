"""The coordinators' steps on a submitted claim: mark expenses, ask for changes, approve, pay.

Each step names the claim's ``version`` the coordinator saw (``seen_version``): if someone
changed the claim since, the step is refused. Each step is a decision, written to the audit trail.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consolidate.audit import record
from consolidate.refusals import Refused
from consolidate.templatetags import formats

from .expenses import line_of
from .models import ExpenseLine, LumpSumClaim
from .money import CENT
from .notifications import notify_host
from .services import audited, changed, locked

State = LumpSumClaim.State

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


def _require_state(claim: LumpSumClaim, state: str, refusals: dict) -> None:
    if claim.state != state:
        raise Refused(refusals[claim.state])


@transaction.atomic
def mark_expense(
    line: ExpenseLine, *, eligible: bool, reason: str = "", by, seen_version: int | None = None
) -> ExpenseLine:
    """Mark an expense (not) eligible; the host reads the reason."""
    claim = locked(line.claim, seen_version=seen_version)
    _require_state(claim, State.SUBMITTED, REVIEW_REFUSALS)
    line = line_of(claim, line)
    reason = reason.strip()
    if not eligible and not reason:
        raise Refused(_("Please say why this expense is not eligible: the host reads it."))
    before = {"eligible": line.eligible, "reason": line.ineligible_reason}
    line.eligible, line.ineligible_reason = eligible, "" if eligible else reason
    line.save(update_fields=["eligible", "ineligible_reason", "updated_at"])
    changed(claim)
    record("claims.line_eligibility", line, actor=by, before=before,
           after={"eligible": eligible, "reason": line.ineligible_reason},
           subject=claim)  # fmt: skip
    return line


@transaction.atomic
def request_changes(
    claim: LumpSumClaim, *, message: str, by, seen_version: int | None = None
) -> LumpSumClaim:
    claim = locked(claim, seen_version=seen_version)
    _require_state(claim, State.SUBMITTED, REVIEW_REFUSALS)
    if not message.strip():
        raise Refused(_("Please tell the host what to change."))
    before = claim.state
    claim.state, claim.changes_message = State.CHANGES_REQUESTED, message.strip()
    claim.changes_requested_at, claim.changes_requested_by = timezone.now(), by
    changed(claim, "state", "changes_message", "changes_requested_at", "changes_requested_by")
    audited("claims.request_changes", claim, by=by, before=before, message=claim.changes_message)
    notify_host(claim, at=claim.changes_requested_at)
    return claim


@transaction.atomic
def approve_claim(claim: LumpSumClaim, *, by, seen_version: int | None = None) -> LumpSumClaim:
    """Approve what will be paid: the eligible total, capped at the lump sum."""
    claim = locked(claim, seen_version=seen_version)
    _require_state(claim, State.SUBMITTED, REVIEW_REFUSALS)
    before = claim.state
    claim.approved_amount = claim.totals().reimbursable
    claim.state, claim.approved_at, claim.approved_by = State.APPROVED, timezone.now(), by
    changed(claim, "state", "approved_amount", "approved_at", "approved_by")
    audited("claims.approve", claim, by=by, before=before, amount=claim.approved_amount)
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
            "The payment cannot be more than the approved amount, %(amount)s."
        ) % {"amount": formats.money(approved, claim.call.currency)}
    approved_on = timezone.localdate(claim.approved_at) if claim.approved_at else None
    if paid_on is None:
        problems["paid_on"] = _("Please give the date of the payment.")
    elif paid_on > timezone.localdate():
        problems["paid_on"] = _("The payment date cannot be in the future.")
    elif approved_on and paid_on < approved_on:
        problems["paid_on"] = _("The payment date cannot be before the approval, on %(day)s.") % {
            "day": formats.day(approved_on)
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
    claim = locked(claim, seen_version=seen_version)
    _require_state(claim, State.APPROVED, PAYMENT_REFUSALS)
    problems = payment_problems(claim, paid_on=paid_on, amount=amount, reference=reference)
    if problems:
        raise Refused(*problems.values())
    before = claim.state
    claim.state, claim.paid_on, claim.paid_amount = State.PAID, paid_on, amount
    claim.payment_reference = reference.strip()
    claim.payment_recorded_at, claim.payment_recorded_by = timezone.now(), by
    changed(claim, "state", "paid_on", "paid_amount", "payment_reference",
             "payment_recorded_at", "payment_recorded_by")  # fmt: skip
    audited("claims.pay", claim, by=by, before=before, paid_on=paid_on, amount=amount,
            reference=claim.payment_reference)  # fmt: skip
    notify_host(claim, at=claim.payment_recorded_at)
    return claim
