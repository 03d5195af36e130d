"""The host's expense lines with their receipts; each change raises the claim's ``version``."""

import datetime as dt
import os
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import CostCategory
from consolidate.refusals import Refused
from consolidate.templatetags import formats

from .models import ExpenseLine, LumpSumClaim
from .money import amount_problem
from .receipts import receipt_problem, receipt_storage, sniff
from .services import changed, locked, require_host_can_edit


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
        ) % {"day": formats.day(opened)}
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
        raise Refused(*problems)


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
    claim = locked(claim)
    require_host_can_edit(claim)
    details = {"category": category, "spent_on": spent_on, "description": description,
               "amount": amount}  # fmt: skip
    _check_expense(claim, details, receipt, new=True)
    line = ExpenseLine(claim=claim, **{**details, "description": description.strip()})
    _attach(line, receipt)
    line.save()
    changed(claim)
    return line


def line_of(claim: LumpSumClaim, line: ExpenseLine) -> ExpenseLine:
    found = claim.lines.select_related("category").filter(pk=line.pk).first()
    if found is None:
        raise Refused(_("This expense is no longer part of the claim."))
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
    claim = locked(line.claim)
    require_host_can_edit(claim)
    line = line_of(claim, line)
    details = {"category": category, "spent_on": spent_on, "description": description,
               "amount": amount}  # fmt: skip
    _check_expense(claim, details, receipt, new=False)
    for field, value in {**details, "description": description.strip()}.items():
        setattr(line, field, value)
    if receipt is not None:
        _forget_file(line.receipt.name)
        _attach(line, receipt)
    line.save()
    changed(claim)
    return line


@transaction.atomic
def remove_expense(line: ExpenseLine) -> None:
    claim = locked(line.claim)
    require_host_can_edit(claim)
    line = line_of(claim, line)
    _forget_file(line.receipt.name)
    line.delete()
    changed(claim)
