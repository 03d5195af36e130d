"""A claim's page in the admin: its expenses with their receipts, and the coordinator's steps.

Every form on the page sends the claim's ``version`` it was shown with. If another coordinator
changed the claim since, the step is refused and the page shows the claim as it is now.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consolidate.refusals import Refused, answer_refusal

from .forms import ChangesForm, PaymentForm, ReasonForm
from .models import LumpSumClaim
from .review import approve_claim, mark_expense, record_payment, request_changes


def _claim(claim_id) -> LumpSumClaim:
    claims = LumpSumClaim.objects.select_related(
        "visit__application__call", "submitted_by", "changes_requested_by", "approved_by",
        "payment_recorded_by",
    )  # fmt: skip
    return get_object_or_404(claims, pk=claim_id)


def _seen_version(request) -> int:
    """The claim's version the page was shown with; the step compares it (``check_version``)."""
    try:
        return int(request.POST.get("seen_version", ""))
    except ValueError as error:
        raise Refused(_("This page is out of date: please reload it.")) from error


def _forms(claim: LumpSumClaim, data, action: str) -> tuple[list, dict]:
    """The claim's lines, each with its reason form, and the claim's forms; one is bound."""
    lines = list(claim.lines.select_related("category"))
    for line in lines:
        bound = data if action == f"ineligible:{line.pk}" else None
        line.reason_form = ReasonForm(bound, prefix=f"line-{line.pk}")
    initial = {"paid_on": timezone.localdate(), "amount": claim.approved_amount}
    forms = {
        "changes": ChangesForm(data if action == "changes" else None, prefix="changes"),
        "payment": PaymentForm(
            data if action == "pay" else None, prefix="payment", claim=claim, initial=initial
        ),
    }
    return lines, forms


LINE_STEPS = ("eligible", "ineligible")
DONE = {
    "approve": gettext_lazy("The claim is approved; the host is told."),
    "changes": gettext_lazy("The host is asked for changes."),
    "pay": gettext_lazy("The payment is recorded; the host is told."),
    "eligible": gettext_lazy("The expense is marked as eligible."),
    "ineligible": gettext_lazy("The expense is marked as not eligible."),
}


def _form_of(kind: str, line, forms: dict):
    """The form whose data the step needs; None for a step that is only a button."""
    if kind == "ineligible":
        return line.reason_form
    return {"changes": forms["changes"], "pay": forms["payment"]}.get(kind)


def _run(kind: str, claim: LumpSumClaim, line, data: dict, *, by, seen: int) -> None:
    if kind == "approve":
        approve_claim(claim, by=by, seen_version=seen)
    elif kind == "changes":
        request_changes(claim, message=data["message"], by=by, seen_version=seen)
    elif kind == "pay":
        record_payment(claim, by=by, seen_version=seen, **data)
    else:
        eligible, reason = kind == "eligible", data.get("reason", "")
        mark_expense(line, eligible=eligible, reason=reason, by=by, seen_version=seen)


def review(model_admin, request, claim_id):
    if not request.user.has_perm("visits.review_claim"):
        raise PermissionDenied
    claim = _claim(claim_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    lines, forms = _forms(claim, request.POST if action else None, action)
    status = 200
    if action:
        kind, _sep, line_id = action.partition(":")
        line = next((line for line in lines if str(line.pk) == line_id), None)
        if kind not in DONE or (line is None) == (kind in LINE_STEPS):
            messages.error(request, _("This step is unknown, or its expense has been removed."))
            return redirect("admin:visits_lumpsumclaim_change", claim.pk)
        form, status = _form_of(kind, line, forms), 400
        if form is None or form.is_valid():
            try:
                data = form.cleaned_data if form else {}
                _run(kind, claim, line, data, by=request.user, seen=_seen_version(request))
            except Refused as refusal:
                status = answer_refusal(refusal, request=request)
                claim = _claim(claim_id)  # show what the claim is now
                lines, forms = _forms(claim, request.POST, action)
            else:
                messages.success(request, DONE[kind])
                return redirect("admin:visits_lumpsumclaim_change", claim.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": LumpSumClaim._meta,
        "title": str(claim),
        "claim": claim,
        "visit": claim.visit,
        "application": claim.visit.application,
        "call": claim.call,
        "lines": lines,
        "totals": claim.totals(lines),
        **forms,
    }
    return TemplateResponse(request, "admin/visits/claim/review.html", context, status=status)
