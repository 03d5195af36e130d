"""What the claims of a host's visits hold about them, for "my data" (see people.services)."""

from django.db.models import F, Q
from django.utils import timezone

from visits.models import Visit

from .models import LumpSumClaim

CLAIM_FIELDS = (
    "state", "account_holder", "iban", "bic", "cap", "submitted_at", "approved_amount",
    "paid_on", "paid_amount", "payment_reference",
)  # fmt: skip
LINE_FIELDS = ("spent_on", "description", "amount", "receipt_name", "eligible")


def claims_of(user):
    """Claims of the visits the person hosts, and any claim they submitted."""
    return LumpSumClaim.objects.filter(
        Q(visit__in=Visit.objects.hosted_by(user)) | Q(submitted_by=user)
    )


def _export_claim(claim: LumpSumClaim) -> dict:
    data = {name: getattr(claim, name) for name in CLAIM_FIELDS}
    data["city"] = claim.visit.application.city
    data["expenses"] = [
        {"category": line.category.name, **{name: getattr(line, name) for name in LINE_FIELDS}}
        for line in claim.lines.all()
    ]
    return data


def export(user) -> list[dict]:
    claims = claims_of(user).select_related("visit__application")
    return [_export_claim(claim) for claim in claims.prefetch_related("lines__category")]


def erase(user) -> None:
    """The bank details (account holder, IBAN, BIC) are blanked on every claim, paid or not.

    The amounts, the expense lines and their receipts stay: a claim is the host city's
    accounting record of the grant's money, which the grant's audit needs, not the officer's
    own data. A claim not paid yet then needs its bank details again, from someone else of the
    city. The version moves on, so no page opened before overwrites the blanks.
    """
    claims_of(user).update(
        account_holder="", iban="", bic="", version=F("version") + 1, updated_at=timezone.now()
    )
