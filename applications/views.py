import contextlib

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calls.models import Call
from consolidate.kept_queries import KeptQuery
from consolidate.refusals import Refused, answer_refusal
from consolidate.templatetags.formats import clock
from people.preferences import in_language_of
from people.verified import verified_email_required

from .forms import ApplicationForm
from .models import Application
from .notifications import confirmation_recipients
from .pdf import render_receipt
from .services import (
    autosave_draft,
    delete_draft,
    save_draft,
    submit_application,
    withdraw_application,
)
from .ticked import remember_ticked_themes, with_ticked_themes

# The officer's application to a public call, with the call and the ticked themes: at most one
# (one application per officer and call), compiled once per process (consolidate/kept_queries).
_MINE_TO_CALL = KeptQuery(
    lambda applicant_id, slug: with_ticked_themes(
        Application.objects.of(applicant_id)
        .filter(call__state__in=Call.PUBLIC_STATES, call__slug=slug)
        .select_related("call")
    ).order_by()[:1],
    applicant_id=-2_000_000_017,
    slug="\ue000slug",
)


def _load(request, slug) -> tuple[Call, Application | None]:
    """The public call named by ``slug`` and the person's application to it, if any: one query
    for both when there is an application, the way an officer usually comes back."""
    found = _MINE_TO_CALL(applicant_id=request.user.pk, slug=slug)
    application = found[0] if found else None
    if application is not None:
        remember_ticked_themes(application)
        return application.call, application
    return get_object_or_404(Call.objects.public(), slug=slug), None


def _blank(call, user) -> Application:
    return Application(call=call, applicant=user, email=user.email)


# What a row of My applications shows (templatetags/my_applications.py) is all it reads of the
# application and its call: the call's title in every language (a missing translation falls
# back to English) and what tells whether the call is open and released. Everything else of
# theirs is left in the database (the decision is the reviews app's: read whole).
SHOWN = {"call", "state", "reference", "city", "updated_at"}
SHOWN_OF_THE_CALL = {"slug", "state", "opens_at", "deadline", "decisions_released_at", "title"}


def _unshown(model, shown: set[str], prefix: str = "") -> list[str]:
    return [
        f"{prefix}{field.name}"
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in shown
        and not (field.name.startswith("title_") and "title" in shown)
    ]  # fmt: skip


MY_APPLICATIONS_UNREAD = [
    *_unshown(Application, SHOWN),
    *_unshown(Call, SHOWN_OF_THE_CALL, prefix="call__"),
]


_MINE = KeptQuery(
    lambda applicant_id: (
        Application.objects.of(applicant_id)
        .select_related("call", "decision")
        .defer(*MY_APPLICATIONS_UNREAD)
        .order_by("-created_at")
    ),
    applicant_id=-2_000_000_017,
)


@verified_email_required
def my_applications(request):
    applications = _MINE(applicant_id=request.user.pk)
    return render(request, "applications/mine.html", {"applications": applications})


@verified_email_required
def start(request, slug):
    return redirect("applications:edit", slug=slug)


@verified_email_required
def edit(request, slug):
    call, application = _load(request, slug)
    if application is None and not call.is_open():
        messages.error(request, _("This call is closed: it no longer accepts applications."))
        return redirect(call)
    if application is not None and not application.is_editable:
        return render(request, "applications/readonly.html", _readonly_context(application))
    if request.method == "POST":
        return _handle_post(request, call, application)
    form = ApplicationForm(instance=application or _blank(call, request.user), call=call)
    return _render_form(request, form, application)


def _handle_post(request, call, application):
    submitting = request.POST.get("action") == "submit" or (
        application is not None and application.state == Application.State.SUBMITTED
    )
    instance = application or _blank(call, request.user)
    form = ApplicationForm(request.POST, instance=instance, call=call, for_submission=submitting)
    if not form.is_valid():
        if submitting:
            _keep_as_draft(request, call, application)
        return _render_form(request, form, application, status=400)
    try:
        if submitting:
            application = _save(form, submit_application, request.user)
            return redirect("applications:submitted", slug=call.slug)
        application = _save(form, save_draft, request.user)
        messages.success(request, saved_at_label(application, call))
    except Refused as refusal:
        status = answer_refusal(refusal, form=form)
        if submitting:
            _keep_as_draft(request, call, application)
        return _render_form(request, form, application, status=status)
    return redirect("applications:edit", slug=call.slug)


def saved_at_label(application: Application, call: Call) -> str:
    """ "Draft saved at 16:26 (Brussels time)": the time in the call's zone, named by its city."""
    return _("Draft saved at %(time)s (%(city)s time).") % {
        "time": clock(application.updated_at, call.zone, with_zone=False),
        "city": call.zone_city,
    }


def _save(form: ApplicationForm, service, user) -> Application:
    """Hand the validated answers to ``service`` (save_draft or submit_application)."""
    return service(form.save(commit=False), by=user, themes=form.cleaned_data["themes"])


def _keep_as_draft(request, call, application) -> None:
    """A refused submission still keeps what the officer typed, as their draft."""
    if application is not None and application.state != Application.State.DRAFT:
        return
    instance = application or _blank(call, request.user)
    draft = ApplicationForm(request.POST, instance=instance, call=call)
    if draft.is_valid():
        # If even the draft is refused, the form shown to the officer already says why.
        with contextlib.suppress(Refused):
            _save(draft, save_draft, request.user)


def _render_form(request, form, application, *, status=200):
    context = {
        "form": form,
        "call": form.call,
        "application": application,
        "autosave": application is None or application.state == Application.State.DRAFT,
    }
    return render(request, "applications/form.html", context, status=status)


def _readonly_context(application) -> dict:
    return {"application": application, "call": application.call, "answers": application.answers()}


@verified_email_required
@require_POST
def autosave(request, slug):
    call, application = _load(request, slug)
    if application is not None and application.state != Application.State.DRAFT:
        return JsonResponse({"error": _("Only drafts are saved automatically.")}, status=409)
    form = ApplicationForm(
        request.POST, instance=application or _blank(call, request.user), call=call
    )
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    try:
        if application is None:
            application = _save(form, save_draft, request.user)
        else:
            changed = form.changed_data
            answers = {name: form.cleaned_data[name] for name in changed if name != "themes"}
            themes = form.cleaned_data["themes"] if "themes" in changed else None
            autosave_draft(application, by=request.user, answers=answers, themes=themes)
    except Refused as refusal:
        # A script reads the answer: the problems as JSON, not as page messages.
        return JsonResponse({"error": str(refusal)}, status=409)
    return JsonResponse(
        {
            "saved_at": application.updated_at.isoformat(),
            "saved_at_label": saved_at_label(application, call),
        }
    )


@verified_email_required
def submitted(request, slug):
    """What happens after a submission: reference, next steps and dates, receipt, e-mail."""
    call, application = _load(request, slug)
    if application is None or application.state != Application.State.SUBMITTED:
        raise Http404
    recipients = confirmation_recipients(application)
    context = {"application": application, "call": call, "recipients": recipients}
    return render(request, "applications/submitted.html", context)


@verified_email_required
def withdraw(request, slug):
    """Withdraw a submitted application (a draft is deleted instead: ``delete``)."""
    call, application = _load(request, slug)
    if application is None or application.state != Application.State.SUBMITTED:
        raise Http404
    if request.method == "POST":
        try:
            withdraw_application(application, by=request.user)
        except Refused as refusal:
            answer_refusal(refusal, request=request)  # shown on the list it goes back to
        else:
            messages.success(request, _("Your application has been withdrawn."))
        return redirect("applications:mine")
    return render(request, "applications/withdraw.html", _readonly_context(application))


@verified_email_required
def delete(request, slug):
    """Delete the officer's own draft, after a confirmation page; they may then start again."""
    call, application = _load(request, slug)
    if application is None or not application.can_be_deleted:
        raise Http404
    if request.method == "POST":
        delete_draft(application, by=request.user)
        messages.success(request, _("Your draft has been deleted. You can start a new one."))
        return redirect(call)
    return render(request, "applications/delete_draft.html", _readonly_context(application))


@verified_email_required
def receipt(request, slug):
    call, application = _load(request, slug)
    if application is None or not application.reference:
        raise Http404
    # The officer's receipt, in their language (the page's if they never chose one).
    with in_language_of(application.applicant, get_language()):
        receipt = render_receipt(application)
    response = HttpResponse(receipt, content_type="application/pdf")
    filename = f"{application.reference}-receipt.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
