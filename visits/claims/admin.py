"""Coordinators find the claims in the admin; a claim's page is where they review and pay it.

``visits/admin.py`` registers ``LumpSumClaimAdmin``: the admin discovers the app's module only.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from . import admin_views
from .models import LumpSumClaim
from .money import reimbursable


def _money(claim: LumpSumClaim, amount) -> str:
    if amount is None:
        return "—"
    return (
        f"{claim.visit.application.call.currency} {number_format(amount, 2, force_grouping=True)}"
    )


class LumpSumClaimAdmin(admin.ModelAdmin):
    list_display = ["city", "call", "state", "submitted_at", "line_count", "spent", "to_reimburse",
                    "approved", "paid"]  # fmt: skip
    list_filter = ["state", "visit__application__call"]
    list_select_related = ["visit__application__call"]
    search_fields = ["visit__application__city", "visit__application__reference",
                     "payment_reference"]  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).with_totals()

    def has_add_permission(self, request) -> bool:
        return False  # the host opens the claim of their visit

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a claim is part of the accounts

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return admin_views.review(self, request, unquote(object_id))

    @admin.display(description=_("city"), ordering="visit__application__city")
    def city(self, claim):
        return claim.visit.application.city

    @admin.display(description=_("call"))
    def call(self, claim):
        return claim.visit.application.call

    @admin.display(description=_("expenses"), ordering="line_count")
    def line_count(self, claim):
        return claim.line_count

    @admin.display(description=_("spent"), ordering="spent_total")
    def spent(self, claim):
        return _money(claim, claim.spent_total)

    @admin.display(description=_("to reimburse"))
    def to_reimburse(self, claim):
        return _money(claim, reimbursable(claim.eligible_total, claim.lump_sum))

    @admin.display(description=_("approved"), ordering="approved_amount")
    def approved(self, claim):
        return _money(claim, claim.approved_amount)

    @admin.display(description=_("paid"), ordering="paid_amount")
    def paid(self, claim):
        return _money(claim, claim.paid_amount)
