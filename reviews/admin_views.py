"""The admin pages for scoring, ranking and deciding, built on the admin's own layout."""

import io
import zipfile
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from applications.models import Application
from calls.models import Call
from champions.matching import champions_covering
from consolidate.refusals import Refused, answer_refusal
from people.preferences import in_language_of

from .forms import ConsensusForm, DecisionForm, DeclarationForm, ScoresForm, plain
from .letters import release_problems
from .models import Consensus, Decision, Review, Score, SelectionReport
from .pdf import render_decision_letter, render_decision_letters
from .queue import next_review, progress, queue_of, score_review
from .ranking import current_result, ranking_page
from .rules import is_coordinator
from .services import (
    decision_version,
    record_consensus,
    record_decision,
    release_decisions,
    reopen_review,
    request_selection_report,
)


def _page(model_admin, request, template, context, *, status=200):
    return TemplateResponse(
        request,
        template,
        {**model_admin.admin_site.each_context(request), "opts": Review._meta, **context},
        status=status,
    )


def _require_coordinator(request) -> None:
    if not is_coordinator(request.user):
        raise PermissionDenied


def _initial(items) -> dict:
    """A scores form's initial data from stored scores or consensus (criterion id -> item)."""
    initial = {}
    for criterion_id, item in items.items():
        initial[f"score_{criterion_id}"] = plain(item.value) if item.value is not None else ""
        initial[f"comment_{criterion_id}"] = item.comment
    return initial


SCORING_ACTIONS = ("save", "submit", "submit_next")


@dataclass
class ScorePage:
    """What the score page's POST left: the forms to show again, and the status."""

    declaration: DeclarationForm | None = None
    form: ScoresForm | None = None
    status: int = 200


def _score(request, review, call) -> ScorePage:
    """Declare (when not done yet) and save the scores in one step; a conflict skips scoring.

    An invalid or refused POST keeps what the reviewer typed in the forms it gives back.
    """
    if not request.user.has_perm("reviews.score_review", review):
        raise PermissionDenied
    action = request.POST["action"]
    submitting = action != "save"
    declaration = DeclarationForm(request.POST) if review.state == Review.State.ASSIGNED else None
    form = ScoresForm(request.POST, call=call, for_submission=submitting)
    conflict = declaration.has_conflict if declaration and declaration.is_valid() else None
    if (declaration and not declaration.is_valid()) or (not conflict and not form.is_valid()):
        return ScorePage(declaration, form, 400)
    values = {} if conflict else form.values()
    try:
        score_review(review, conflict=conflict, reason=request.POST.get("reason", ""),
                     values=values, submit=submitting, by=request.user)  # fmt: skip
    except Refused as refusal:
        return ScorePage(declaration, form, answer_refusal(refusal, form=form))
    if conflict:
        messages.success(request, _("Your conflict of interest is recorded."))
    else:
        messages.success(request, _("Review submitted.") if submitting else _("Scores saved."))
    return ScorePage(status=302)


def _act_on_review(request, review, call) -> ScorePage:
    """Carry out the POSTed action on the review."""
    action = request.POST.get("action")
    if action in SCORING_ACTIONS:
        return _score(request, review, call)
    if action == "reopen":
        if not request.user.has_perm("reviews.reopen_review"):
            raise PermissionDenied
        try:
            reopen_review(review, actor=request.user)
        except Refused as refusal:
            return ScorePage(status=answer_refusal(refusal, request=request))
        return ScorePage(status=302)
    return ScorePage()


def _after_scoring(request, review):
    """Where "Submit and next" leads: the next unfinished review, or the queue when none is."""
    following = next_review(review)
    if following is not None:
        return redirect("admin:reviews_review_change", object_id=following.pk)
    messages.info(request, _("Nothing left to review in this call: thank you."))
    return redirect(reverse("admin:reviews_queue") + f"#call-{review.application.call_id}")


def _other_reviews(request, review, application):
    """The other submitted reviews, for those who may see them (never before their own)."""
    if not request.user.has_perm("reviews.see_other_scores", application):
        return []
    return (
        application.reviews.exclude(pk=review.pk)
        .filter(state=Review.State.SUBMITTED)
        .select_related("reviewer")
        .prefetch_related("scores__criterion")
    )


def score(model_admin, request, object_id):
    review = get_object_or_404(
        model_admin.get_queryset(request).select_related("application__call", "reviewer"),
        pk=object_id,
    )
    application, call = review.application, review.application.call
    result = ScorePage()
    if request.method == "POST":
        result = _act_on_review(request, review, call)
        if result.status == 302:
            if request.POST.get("action") == "submit_next":
                return _after_scoring(request, review)
            return redirect(request.path)
    is_reviewer = review.reviewer_id == request.user.pk
    declaration = result.declaration
    if declaration is None and is_reviewer and review.state == Review.State.ASSIGNED:
        declaration = DeclarationForm()
    form = result.form or ScoresForm(
        initial=_initial({s.criterion_id: s for s in review.scores.all()}), call=call
    )
    context = {
        "title": _("Review of %(reference)s, %(city)s")
        % {"reference": application.reference, "city": application.city},
        "review": review,
        "application": application,
        "answers": application.answers(),
        "call": call,
        "declaration": declaration,
        "form": form,
        "can_score": request.user.has_perm("reviews.score_review", review),
        "is_reviewer": is_reviewer,
        "progress": progress(request.user, call) if is_reviewer else None,
        "others": _other_reviews(request, review, application),
        "champions": champions_covering(application.themes.all()),
    }
    return _page(model_admin, request, "admin/reviews/score.html", context, status=result.status)


def queue(model_admin, request):
    """The reviewer's own assignments per call, in reference order, with their progress."""
    if not request.user.has_perm("reviews.view_review"):
        raise PermissionDenied
    calls = queue_of(request.user)
    context = {"title": _("Your review queue"), "calls": calls}
    return _page(model_admin, request, "admin/reviews/queue.html", context)


def ranking(model_admin, request, call_id):
    _require_coordinator(request)
    call = get_object_or_404(Call, pk=call_id)
    criteria, page, rows = ranking_page(call, request.GET.get("page"))
    context = {
        "title": _("Ranking: %(call)s") % {"call": call},
        "call": call,
        "criteria": criteria,
        "rows": rows,
        "page": page,
        "selected": call.decisions.selected().count(),
    }
    return _page(model_admin, request, "admin/reviews/ranking.html", context)


def selection_reports(model_admin, request, call_id):
    """The call's selection reports, newest first; a POST asks the worker for a new one."""
    _require_coordinator(request)
    call = get_object_or_404(Call, pk=call_id)
    if request.method == "POST":
        request_selection_report(call, actor=request.user)
        messages.success(request, _("Selection report requested."))
        return redirect("admin:reviews_selection_reports", call_id=call.pk)
    reports = list(call.selection_reports.select_related("requested_by"))
    context = {
        "title": _("Selection reports: %(call)s") % {"call": call},
        "call": call,
        "reports": reports,
        "pending": any(report.state == SelectionReport.State.PENDING for report in reports),
        "latest": reports[0] if reports else None,
    }
    return _page(model_admin, request, "admin/reviews/selection_reports.html", context)


def selection_report(model_admin, request, call_id, report_id):
    """A ready report's PDF, as it was stored: no rendering in the web worker."""
    _require_coordinator(request)
    report = get_object_or_404(
        SelectionReport.objects.ready().select_related("call"), pk=report_id, call_id=call_id
    )
    try:
        handle = report.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=report.download_name, content_type="application/pdf"
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def _outcome_counts(call) -> list[tuple[str, int]]:
    counts = dict(call.decisions.values_list("outcome").annotate(count=Count("pk")).order_by())
    return [(label, counts[value]) for value, label in Decision.Outcome.choices if value in counts]


def release(model_admin, request, call_id):
    """The checks first (what stands in the way, each application by reference), then the
    button: disabled while anything does. A refused POST shows the same list, with 409."""
    _require_coordinator(request)
    call = get_object_or_404(Call, pk=call_id)
    status = 200
    if request.method == "POST":
        try:
            count = release_decisions(call, actor=request.user)
        except Refused:
            status = 409  # the page below lists the same problems the refusal gives
        else:
            messages.success(
                request,
                ngettext(
                    "Decisions released; %(count)s applicant has been notified.",
                    "Decisions released; %(count)s applicants have been notified.",
                    count,
                )
                % {"count": count},
            )
            return redirect("admin:reviews_ranking", call_id=call.pk)
    context = {
        "title": _("Release the decisions of %(call)s") % {"call": call},
        "call": call,
        "phase": call.round_phase(),
        "problems": release_problems(call),
        "outcomes": _outcome_counts(call),
    }
    return _page(model_admin, request, "admin/reviews/release.html", context, status=status)


def _application(application_id):
    return get_object_or_404(
        Application.objects.submitted().select_related("call", "decision"), pk=application_id
    )


def decide(model_admin, request, application_id):
    _require_coordinator(request)
    application = _application(application_id)
    current = getattr(application, "decision", None)
    initial = (
        {"outcome": current.outcome, "reserve_rank": current.reserve_rank,
         "rationale": current.rationale} if current else {}
    )  # fmt: skip
    initial["seen_version"] = decision_version(current)
    form = DecisionForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            data = dict(form.cleaned_data)
            data["seen_version"] = data["seen_version"] or None
            record_decision(application, actor=request.user, **data)
        except Refused as refusal:
            status = answer_refusal(refusal, form=form)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("admin:reviews_ranking", call_id=application.call_id)
    elif request.method == "POST":
        status = 400
    context = {
        "title": _("Decision on %(reference)s, %(city)s")
        % {"reference": application.reference, "city": application.city},
        "application": application,
        "result": current_result(application),
        "form": form,
    }
    return _page(model_admin, request, "admin/reviews/decide.html", context, status=status)


def consensus(model_admin, request, application_id):
    _require_coordinator(request)
    application = _application(application_id)
    call = application.call
    existing = {
        item.criterion_id: item for item in Consensus.objects.filter(application=application)
    }
    form = ConsensusForm(request.POST or None, initial=_initial(existing), call=call)
    status = 200
    if request.method == "POST" and form.is_valid():
        criteria = {criterion.pk: criterion for criterion in call.criteria.all()}
        try:
            for criterion_id, (value, comment) in form.values().items():
                record_consensus(
                    application, criteria[criterion_id], value, comment, actor=request.user
                )
        except Refused as refusal:
            status = answer_refusal(refusal, form=form)
        else:
            messages.success(request, _("Consensus recorded."))
            return redirect("admin:reviews_ranking", call_id=call.pk)
    reviews = (
        application.reviews.counting()
        .select_related("reviewer")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
    )
    context = {
        "title": _("Consensus on %(reference)s, %(city)s")
        % {"reference": application.reference, "city": application.city},
        "application": application,
        "form": form,
        "reviews": reviews,
    }
    return _page(model_admin, request, "admin/reviews/consensus.html", context, status=status)


def letter(model_admin, request, application_id):
    _require_coordinator(request)
    application = get_object_or_404(
        Application.objects.select_related("call", "decision").filter(decision__isnull=False),
        pk=application_id,
    )
    response = HttpResponse(applicants_letter(application), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{application.reference}-decision.pdf"'
    return response


def applicants_letter(application) -> bytes:
    """A decision letter is written to the applicant: in their language, whoever downloads it."""
    with in_language_of(application.applicant, get_language()):
        return render_decision_letter(application)


def letters_zip(decisions) -> HttpResponse:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        related = decisions.select_related("application__call", "application__applicant")
        applications = [decision.application for decision in related]
        for application, letter in zip(
            applications, render_decision_letters(applications), strict=True
        ):
            archive.writestr(f"{application.reference}-decision.pdf", letter)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="decision-letters.zip"'
    return response
