"""The host's claim of the visit's lump sum and its expense lines (re-exported by visits.models).

The database holds the promises about money itself: an expense is more than zero and below
an absurd ceiling, the approved amount lies between zero and the claim's ``cap`` (the call's
lump sum when the claim was submitted), and the payment never exceeds the approved amount.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Least
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .bank import grouped, validate_bic, validate_iban
from .money import LINE_CEILING, ZERO, Totals, cents, claim_totals
from .receipts import CONTENT_TYPES, MAX_RECEIPT_BYTES, receipt_file_name, receipt_storage

MONEY = {"max_digits": 10, "decimal_places": 2}


class LumpSumClaimQuerySet(models.QuerySet):
    def with_totals(self):
        """Each claim with ``spent_total``, ``eligible_total`` and ``line_count``, in one query."""
        money = models.DecimalField(max_digits=12, decimal_places=2)
        return self.annotate(
            spent_total=Coalesce(Sum("lines__amount"), Value(ZERO), output_field=money),
            eligible_total=Coalesce(
                Sum("lines__amount", filter=Q(lines__eligible=True)), Value(ZERO),
                output_field=money,
            ),
            line_count=Count("lines"),
        )  # fmt: skip

    def for_calls(self, calls):
        return self.filter(visit__application__call__in=calls)

    def totals_per_call_and_state(self) -> dict[int, dict[str, dict]]:
        """``{call id: {state: {"claims", "requested", "approved", "paid"}}}`` in one query.

        ``requested``: what the submitted claims ask for, each claim's eligible total capped at
        its lump sum (``money.reimbursable``); drafts ask for nothing yet."""
        money = models.DecimalField(max_digits=12, decimal_places=2)
        eligible = (
            ExpenseLine.objects.filter(claim=OuterRef("pk"), eligible=True)
            .values("claim").annotate(total=Sum("amount")).values("total")
        )  # fmt: skip
        asked = Least(Coalesce(Subquery(eligible, output_field=money), Value(ZERO)), F("cap"))
        rows = self.values_list("visit__application__call", "state").annotate(
            claims=Count("pk"),
            requested=Coalesce(Sum(asked, filter=Q(cap__isnull=False)), Value(ZERO),
                               output_field=money),
            approved=Coalesce(Sum("approved_amount"), Value(ZERO), output_field=money),
            paid=Coalesce(Sum("paid_amount"), Value(ZERO), output_field=money),
        )  # fmt: skip
        totals: dict[int, dict[str, dict]] = {}
        for call_id, state, claims, requested, approved, paid in rows.order_by():
            totals.setdefault(call_id, {})[state] = {
                "claims": claims, "requested": cents(requested), "approved": cents(approved),
                "paid": cents(paid),
            }  # fmt: skip
        return totals

    def submitted(self):
        """Claims the host has submitted at least once (whatever happened since)."""
        return self.exclude(state=LumpSumClaim.State.DRAFT)

    def open_to_the_host(self):
        """Claims the host still has to (re)submit: drafts, and those sent back for changes."""
        return self.filter(state__in=LumpSumClaim.OPEN_TO_THE_HOST)


class LumpSumClaim(models.Model):
    """A visit's claim of the lump sum; its lifecycle is told in ``visits.claims``."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        PAID = "paid", _("Paid")

    OPEN_TO_THE_HOST = (State.DRAFT, State.CHANGES_REQUESTED)

    visit = models.OneToOneField(
        "visits.Visit", on_delete=models.PROTECT, related_name="claim", verbose_name=_("visit")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    account_holder = models.CharField(_("account holder"), max_length=200, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True, validators=[validate_iban])
    bic = models.CharField(_("BIC"), max_length=11, blank=True, validators=[validate_bic])
    cap = models.DecimalField(
        _("lump sum at submission"), **MONEY, null=True, blank=True,
        help_text=_("The call's lump sum when the claim was submitted: nothing above it is paid."),
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("submitted by"),
    )  # fmt: skip
    changes_message = models.TextField(_("changes requested"), blank=True)
    changes_requested_at = models.DateTimeField(_("changes requested at"), null=True, blank=True)
    changes_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("changes requested by"),
    )  # fmt: skip
    approved_amount = models.DecimalField(_("approved amount"), **MONEY, null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("approved by"),
    )  # fmt: skip
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_amount = models.DecimalField(_("amount paid"), **MONEY, null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    payment_recorded_at = models.DateTimeField(_("payment recorded at"), null=True, blank=True)
    payment_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("payment recorded by"),
    )  # fmt: skip
    version = models.PositiveIntegerField(
        _("version"), default=0, editable=False,
        help_text=_("Raised by every change, so that a page showing an older one can tell."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = LumpSumClaimQuerySet.as_manager()

    class Meta:
        ordering = [F("submitted_at").desc(nulls_last=True), "pk"]
        verbose_name = _("lump-sum claim")
        verbose_name_plural = _("lump-sum claims")
        constraints = [
            models.CheckConstraint(
                condition=Q(cap__isnull=True) | Q(cap__gte=0), name="claim_cap_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(cap__isnull=False),
                name="claim_submitted_has_a_cap",
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True)
                | (
                    Q(cap__isnull=False)
                    & Q(approved_amount__gte=0)
                    & Q(approved_amount__lte=F("cap"))
                ),
                name="claim_approved_within_cap",
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__isnull=True)
                | (
                    Q(approved_amount__isnull=False)
                    & Q(paid_amount__gt=0)
                    & Q(paid_amount__lte=F("approved_amount"))
                ),
                name="claim_paid_within_approved",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["approved", "paid"]) | Q(approved_amount__isnull=False),
                name="claim_approved_has_an_amount",
            ),
            models.CheckConstraint(
                condition=~Q(state="paid")
                | (Q(paid_amount__isnull=False) & Q(paid_on__isnull=False)),
                name="claim_paid_has_a_payment",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Lump-sum claim of %(city)s") % {"city": self.visit.application.city}

    @property
    def call(self):
        return self.visit.call

    @property
    def lump_sum(self) -> Decimal:
        """The most this claim can reimburse: fixed at submission, the call's until then."""
        return self.cap if self.cap is not None else self.call.lump_sum

    @property
    def is_open_to_the_host(self) -> bool:
        return self.state in self.OPEN_TO_THE_HOST

    @property
    def is_frozen(self) -> bool:
        return self.state in (self.State.APPROVED, self.State.PAID)

    @property
    def iban_grouped(self) -> str:
        return grouped(self.iban)

    def totals(self, lines=None) -> Totals:
        """The claim's totals; pass the lines when they are loaded already."""
        lines = self.lines.all() if lines is None else lines
        return claim_totals(((line.amount, line.eligible) for line in lines), self.lump_sum)


class ExpenseLine(models.Model):
    """One thing the host city paid for the visit, with its receipt."""

    claim = models.ForeignKey(
        LumpSumClaim, on_delete=models.CASCADE, related_name="lines", verbose_name=_("claim")
    )
    category = models.ForeignKey(
        "calls.CostCategory", on_delete=models.PROTECT, related_name="expense_lines",
        verbose_name=_("category"),
    )  # fmt: skip
    spent_on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(_("amount"), **MONEY)
    receipt = models.FileField(
        _("receipt"), storage=receipt_storage, upload_to=receipt_file_name, max_length=100
    )
    receipt_name = models.CharField(_("file name of the receipt"), max_length=255)
    receipt_type = models.CharField(_("type of the receipt"), max_length=40)
    receipt_size = models.PositiveIntegerField(_("size of the receipt in bytes"))
    eligible = models.BooleanField(_("eligible"), default=True)
    ineligible_reason = models.TextField(_("why it is not eligible"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["claim", "spent_on", "pk"]
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lt=LINE_CEILING),
                name="expense_amount_positive_and_plausible",
            ),
            models.CheckConstraint(
                condition=(Q(eligible=True) & Q(ineligible_reason=""))
                | (Q(eligible=False) & ~Q(ineligible_reason="")),
                name="expense_ineligible_has_a_reason",
            ),
            models.CheckConstraint(
                condition=Q(receipt_size__gt=0) & Q(receipt_size__lte=MAX_RECEIPT_BYTES),
                name="expense_receipt_within_size_limit",
            ),
            models.CheckConstraint(
                condition=Q(receipt_type__in=CONTENT_TYPES), name="expense_receipt_type_accepted"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.spent_on:%d/%m/%Y} {self.category}: {self.amount}"
