"""The host's claim pages, and the receipt and PDF downloads the coordinators use too."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consolidate.refusals import Refused, answer_refusal
from people.preferences import in_language_of
from people.verified import verified_email_required

from ..models import Visit
from .expenses import add_expense, change_expense, remove_expense
from .forms import BankForm, ExpenseForm
from .models import ExpenseLine, LumpSumClaim
from .pdf import render_claim
from .receipts import download_name
from .services import (
    claim_of,
    edit_refusal,
    open_claim,
    save_bank_details,
    submission_problems,
    submit_claim,
)


def _visit(request, pk, perm: str) -> Visit:
    """The visit, if the user may do ``perm`` with its claim; for anyone else it does not exist."""
    visit = get_object_or_404(Visit.objects.select_related("application__call"), pk=pk)
    if not request.user.has_perm(perm, visit):
        raise Http404
    return visit


def _line(visit: Visit, line_pk: int) -> ExpenseLine:
    return get_object_or_404(
        ExpenseLine.objects.select_related("category", "claim"), pk=line_pk, claim__visit=visit
    )


def _private(response: HttpResponse) -> HttpResponse:
    """Bank details and receipts stay out of shared caches and the browser's disk cache."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def _page_context(request, visit: Visit, claim: LumpSumClaim) -> dict:
    lines = list(claim.lines.select_related("category")) if claim.pk else []
    is_host = request.user.has_perm("visits.edit_claim", visit)
    refusal = edit_refusal(claim)
    return {
        "visit": visit,
        "application": visit.application,
        "call": visit.call,
        "claim": claim,
        "lines": lines,
        "totals": claim.totals(lines),
        "is_host": is_host,
        "can_edit": is_host and not refusal,
        "refusal": refusal,
        "problems": submission_problems(claim) if is_host and not refusal else [],
    }


@verified_email_required
@require_http_methods(["GET", "HEAD", "POST"])
def claim_page(request, pk):
    """The claim with its expenses and totals; the host saves the bank details and submits."""
    visit = _visit(request, pk, "visits.see_claim")
    claim = claim_of(visit)
    context = _page_context(request, visit, claim)
    if request.method == "POST" and not context["is_host"]:
        raise Http404
    submitting = request.POST.get("action") == "submit"
    initial = {"account_holder": claim.account_holder, "iban": claim.iban_grouped,
               "bic": claim.bic}  # fmt: skip
    form = BankForm(request.POST or None, initial=initial, submitting=submitting)
    status = 200
    if request.method == "POST":
        status = 400
        if context["refusal"]:
            form.add_error(None, context["refusal"])
            status = 409
        elif form.is_valid():
            try:
                claim = save_bank_details(open_claim(visit), **form.cleaned_data)
                if submitting:
                    submit_claim(claim, by=request.user)
            except Refused as refusal:
                status = answer_refusal(refusal, form=form)
                context = _page_context(request, visit, claim_of(visit))
            else:
                messages.success(
                    request,
                    _("Your claim is submitted. We will write to you when a coordinator has "
                      "checked it.") if submitting else _("Bank details saved."),
                )  # fmt: skip
                return redirect("visits:claim", visit.pk)
    response = render(request, "visits/claim.html", {**context, "form": form}, status=status)
    return _private(response)


def _expense_form_page(request, visit: Visit, line: ExpenseLine | None):
    claim = line.claim if line else claim_of(visit)
    refusal = edit_refusal(claim)
    form = ExpenseForm(request.POST or None, request.FILES or None, claim=claim, line=line)
    status = 200
    if request.method == "POST":
        status = 400
        if refusal:
            form.add_error(None, refusal)
            status = 409
        elif form.is_valid():
            try:
                if line is None:
                    add_expense(open_claim(visit), **form.cleaned_data)
                else:
                    change_expense(line, **form.cleaned_data)
            except Refused as refusal:
                status = answer_refusal(refusal, form=form)
            else:
                messages.success(
                    request, _("Expense added.") if line is None else _("Expense saved.")
                )
                return redirect("visits:claim", visit.pk)
    context = {"visit": visit, "application": visit.application, "claim": claim, "line": line,
               "form": form, "refusal": refusal}  # fmt: skip
    return render(request, "visits/claim_expense.html", context, status=status)


@verified_email_required
@require_http_methods(["GET", "HEAD", "POST"])
def expense_new(request, pk):
    return _expense_form_page(request, _visit(request, pk, "visits.edit_claim"), None)


@verified_email_required
@require_http_methods(["GET", "HEAD", "POST"])
def expense_edit(request, pk, line):
    visit = _visit(request, pk, "visits.edit_claim")
    return _expense_form_page(request, visit, _line(visit, line))


@verified_email_required
@require_http_methods(["GET", "HEAD", "POST"])
def expense_delete(request, pk, line):
    visit = _visit(request, pk, "visits.edit_claim")
    line = _line(visit, line)
    refusal, status = edit_refusal(line.claim), 200
    if request.method == "POST":
        try:
            remove_expense(line)
        except Refused as error:
            refusal, status = str(error), 409
        else:
            messages.success(request, _("Expense removed."))
            return redirect("visits:claim", visit.pk)
    context = {"visit": visit, "application": visit.application, "call": visit.call,
               "line": line, "refusal": refusal}  # fmt: skip
    return render(request, "visits/claim_expense_delete.html", context, status=status)


@verified_email_required
def receipt(request, pk, line):
    """The receipt file, as a download, to the host and the coordinators only."""
    line = _line(_visit(request, pk, "visits.see_claim"), line)
    try:
        handle = line.receipt.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=download_name(line), content_type=line.receipt_type
    )
    return _private(response)


@verified_email_required
def claim_pdf(request, pk):
    visit = _visit(request, pk, "visits.see_claim")
    claim = get_object_or_404(
        LumpSumClaim.objects.select_related(
            "visit__application__call", "submitted_by", "approved_by", "payment_recorded_by"
        ),
        visit=visit,
    )
    # The summary is the host city's claim: in its officer's language, whoever downloads it.
    with in_language_of(visit.application.applicant, get_language()):
        summary = render_claim(claim)
    response = HttpResponse(summary, content_type="application/pdf")
    filename = f"claim-{slugify(visit.application.city) or visit.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)
