"""The claim's state machine, and what the host does with it. Each step locks the claim, checks
that its state allows the step, raises the claim's ``version`` and, for a decision, writes the
audit trail. The host's expenses are in ``expenses.py``, the coordinators' steps in ``review.py``.

Steps by state (anything else is refused with ``consolidate.refusals.Refused``):

=================  ==========================================================================
draft              host: add, change, remove expenses; bank details; submit
submitted          coordinator: mark expenses (not) eligible; approve; request changes
changes_requested  host: as in draft, then submit again
approved           coordinator: record the payment
paid               nothing
=================  ==========================================================================
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consolidate.audit import record
from consolidate.refusals import Refused
from consolidate.templatetags import formats
from consolidate.versions import check_version

from ..models import Visit
from .bank import compact, validate_bic, validate_iban
from .models import LumpSumClaim
from .notifications import notify_host

State = LumpSumClaim.State

HOST_REFUSALS = {
    State.SUBMITTED: gettext_lazy(
        "The claim has been submitted: it can change again only if a coordinator asks for changes."
    ),
    State.APPROVED: gettext_lazy("The claim has been approved: it can no longer change."),
    State.PAID: gettext_lazy("The claim has been paid: it can no longer change."),
}


def locked(claim: LumpSumClaim, *, seen_version: int | None = None) -> LumpSumClaim:
    """The claim, locked for the step; refused if changed since someone saw ``seen_version``."""
    claims = LumpSumClaim.objects.select_for_update(of=("self",))
    claim = claims.select_related("visit__application__call").get(pk=claim.pk)
    check_version(seen_version, claim.version)
    return claim


def changed(claim: LumpSumClaim, *fields: str) -> None:
    """Save the step's ``fields`` and raise the version, so a form shown before it is stale."""
    claim.version += 1
    claim.save(update_fields=[*fields, "version", "updated_at"])


def audited(action: str, claim: LumpSumClaim, *, by, before: str, **after) -> None:
    """Write a claim step to the audit trail: the state it left and what it set."""
    record(action, claim, actor=by, before={"state": before},
           after={"state": claim.state, **after})  # fmt: skip


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


def require_host_can_edit(claim: LumpSumClaim) -> None:
    refusal = edit_refusal(claim)
    if refusal:
        raise Refused(refusal)


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
        raise Refused(refusal)
    return LumpSumClaim.objects.create(visit=visit)


@transaction.atomic
def save_bank_details(
    claim: LumpSumClaim, *, account_holder: str, iban: str, bic: str = ""
) -> LumpSumClaim:
    """The account the lump sum is paid to; left incomplete in a draft if need be."""
    claim = locked(claim)
    require_host_can_edit(claim)
    iban, bic = compact(iban), compact(bic)
    try:
        if iban:
            validate_iban(iban)
        validate_bic(bic)
    except ValidationError as error:
        raise Refused(*error.messages) from error
    claim.account_holder, claim.iban, claim.bic = account_holder.strip(), iban, bic
    changed(claim, "account_holder", "iban", "bic")
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
            % {"day": formats.day(visit.ends_on + dt.timedelta(days=1))}
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
    claim = locked(claim)
    problems = submission_problems(claim)
    if problems:
        raise Refused(*problems)
    before = claim.state
    claim.state, claim.cap = State.SUBMITTED, claim.call.lump_sum
    claim.submitted_at, claim.submitted_by = timezone.now(), by
    changed(claim, "state", "cap", "submitted_at", "submitted_by")
    audited("claims.submit", claim, by=by, before=before, cap=claim.cap,
            total=claim.totals().spent)  # fmt: skip
    notify_host(claim, at=claim.submitted_at)
    return claim
