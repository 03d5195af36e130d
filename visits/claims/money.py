"""Money on a claim: amounts in euros and cents, and what a claim's lines add up to.

Everything is ``Decimal`` with two places; nothing here ever sees a float.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from consolidate.templatetags.formats import money

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# No single expense of a visit of four people comes near this; above it, it is a typing error.
LINE_CEILING = Decimal("100000.00")


def cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def amount_problem(amount: Decimal | None) -> str:
    """Why ``amount`` cannot be an expense; empty when it can."""
    if amount is None:
        return _("Please give the amount.")
    if not amount.is_finite():
        return _("Please give the amount as a number, e.g. 125.50.")
    if amount <= 0:
        return _("The amount must be more than zero.")
    if amount != amount.quantize(CENT):
        return _("Please give the amount in euros and cents, with at most two decimals.")
    if amount >= LINE_CEILING:
        return _("%(amount)s is more than a visit's expense can be: please check the amount.") % {
            "amount": money(amount)
        }
    return ""


@dataclass(frozen=True)
class Totals:
    """What the lines add up to, and what is reimbursed: the eligible total, capped."""

    spent: Decimal
    eligible: Decimal
    lump_sum: Decimal
    reimbursable: Decimal

    @property
    def above_lump_sum(self) -> Decimal:
        """What is eligible but not reimbursed because the lump sum is reached."""
        return self.eligible - self.reimbursable


def reimbursable(eligible: Decimal, lump_sum: Decimal) -> Decimal:
    return cents(max(ZERO, min(eligible, lump_sum)))


def claim_totals(lines: Iterable[tuple[Decimal, bool]], lump_sum: Decimal) -> Totals:
    """Totals of ``(amount, eligible)`` lines against the lump sum."""
    lines = list(lines)
    spent = cents(sum((amount for amount, _eligible in lines), ZERO))
    eligible = cents(sum((amount for amount, is_eligible in lines if is_eligible), ZERO))
    return Totals(
        spent=spent,
        eligible=eligible,
        lump_sum=cents(lump_sum),
        reimbursable=reimbursable(eligible, lump_sum),
    )
