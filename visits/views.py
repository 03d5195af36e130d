from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from consolidate.refusals import Refused, answer_refusal

from .calendar import render_calendar
from .forms import FeedbackForm, ProposalForm
from .models import Feedback, Visit
from .pdf import render_agenda
from .programme import programme_of
from .services import propose_stakeholders, submit_feedback


def _visits():
    return Visit.objects.select_related("application__call", "application__applicant")


def _visit(request, pk, perm: str = "visits.see_visit") -> Visit:
    """The visit, if the user may do ``perm`` with it; for anyone else it does not exist.

    ``visits.see_visit`` asks ``Visit.objects.visible_to``, the one rule of who sees a visit.
    """
    visit = get_object_or_404(_visits(), pk=pk)
    if not request.user.has_perm(perm, visit):
        raise Http404
    return visit


def _feedback(visit: Visit) -> Feedback | None:
    return Feedback.objects.filter(visit=visit).first()


@verified_email_required
def my_visits(request):
    visits = _visits().order_by("-application__call__deadline", "starts_on", "pk")
    context = {
        "team_visits": visits.with_member(request.user),
        "hosted_visits": visits.hosted_by(request.user),
    }
    return render(request, "visits/mine.html", context)


@verified_email_required
def hosted(request, slug):
    """The host's way in from "My applications": their visit for the call."""
    visit = get_object_or_404(Visit.objects.hosted_by(request.user), application__call__slug=slug)
    return redirect(visit)


@verified_email_required
def detail(request, pk):
    visit = _visit(request, pk)
    can_see_feedback = request.user.has_perm("visits.see_feedback", visit)
    context = {
        "visit": visit,
        "call": visit.call,
        "application": visit.application,
        "programme": programme_of(visit),
        "is_host": request.user.has_perm("visits.propose_stakeholders", visit),
        "feedback": _feedback(visit) if can_see_feedback else None,
        "calendar_url": request.build_absolute_uri(
            reverse("visits:calendar", kwargs={"token": visit.calendar_token})
        ),
    }
    return render(request, "visits/detail.html", context)


@verified_email_required
def agenda_pdf(request, pk):
    visit = _visit(request, pk)
    response = HttpResponse(render_agenda(programme_of(visit)), content_type="application/pdf")
    filename = f"agenda-{slugify(visit.application.city) or visit.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
def calendar(request, token):
    """The feed calendar apps subscribe to: the secret token in the address is the key."""
    visit = get_object_or_404(_visits(), calendar_token=token)
    response = HttpResponse(
        render_calendar(programme_of(visit)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="visit-{visit.pk}.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


@verified_email_required
def proposal(request, pk):
    visit = _visit(request, pk, "visits.propose_stakeholders")
    form = ProposalForm(request.POST or None, instance=visit)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            propose_stakeholders(visit, **form.cleaned_data)
        except Refused as refusal:
            status = answer_refusal(refusal, form=form)
        else:
            messages.success(request, _("Thank you: the coordinators see your proposal."))
            return redirect(visit)
    elif request.method == "POST":
        status = 400
    context = {"visit": visit, "application": visit.application, "form": form}
    return render(request, "visits/proposal.html", context, status=status)


@verified_email_required
def feedback(request, pk):
    visit = _visit(request, pk, "visits.give_feedback")
    answered = _feedback(visit)
    form = None if answered else FeedbackForm(request.POST or None)
    status = 200
    if form is not None and request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                submit_feedback(visit, by=request.user, **form.cleaned_data)
            except Refused as refusal:
                status = answer_refusal(refusal, form=form)
            else:
                messages.success(request, _("Thank you for your answers."))
                return redirect(visit)
    context = {
        "visit": visit,
        "application": visit.application,
        "form": form,
        "answered": answered,
        "closed": visit.feedback_refusal(),
    }
    return render(request, "visits/feedback.html", context, status=status)
