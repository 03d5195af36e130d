from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from consolidate.refusals import Refused, answer_refusal
from people.preferences import in_language_of, zone_of
from people.verified import verified_email_required

from .calendar import render_feed
from .forms import FeedbackForm, ProposalForm
from .models import CalendarFeed, Feedback, Visit
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


def _offline_urls(visit: Visit) -> list[str]:
    """What the service worker keeps for a champion on the road during the visit's days."""
    return [visit.get_absolute_url(), reverse("visits:agenda_pdf", args=[visit.pk])]


def _feed_url(request) -> str:
    return request.build_absolute_uri(CalendarFeed.objects.of(request.user).get_absolute_url())


@verified_email_required
def my_visits(request):
    visits = _visits().order_by("starts_on", "pk")
    mine = list(visits.involving(request.user))
    context = {
        "upcoming": [visit for visit in mine if not visit.is_over()],
        "past": [visit for visit in reversed(mine) if visit.is_over()],
        "team_ids": set(visits.with_member(request.user).values_list("pk", flat=True)),
        "calendar_url": _feed_url(request) if mine else "",
    }
    return render(request, "visits/mine.html", context)


@verified_email_required
@require_POST
def renew_feed(request):
    """A new secret address for the person's calendar; the old one answers 404 from now on."""
    CalendarFeed.objects.of(request.user).renew()
    messages.success(
        request,
        _("Your calendar has a new address: subscribe to it again; the old one no longer works."),
    )
    return redirect("visits:mine")


@verified_email_required
def hosted(request, slug):
    """The host's way in from "My applications": their visit for the call."""
    visit = get_object_or_404(Visit.objects.hosted_by(request.user), application__call__slug=slug)
    return redirect(visit)


@verified_email_required
def detail(request, pk):
    visit = _visit(request, pk)
    can_see_feedback = request.user.has_perm("visits.see_feedback", visit)
    programme, today = programme_of(visit), visit.local_today()
    context = {
        "visit": visit,
        "call": visit.call,
        "application": visit.application,
        "programme": programme,
        "days": programme.days_from(today),
        "today": today,
        "offline": _offline_urls(visit) if today in visit.days else [],
        "is_host": request.user.has_perm("visits.propose_stakeholders", visit),
        "feedback": _feedback(visit) if can_see_feedback else None,
        "calendar_url": _feed_url(request),
        "viewer_zone": zone_of(request.user),
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
    """A person's feed, which calendar apps subscribe to: the secret token is the key."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404
    with in_language_of(feed.user):
        content = render_feed(feed.user, zone_of(feed.user).key)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="visits.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


def service_worker(request):
    """The visits' service worker (static/js/visit-sw.js), served under /visits/ so that its
    scope covers the visits' pages and their PDFs; CSP-friendly: a file, no inline code."""
    path = finders.find("js/visit-sw.js")
    with open(path, encoding="utf-8") as script:
        response = HttpResponse(script.read(), content_type="application/javascript")
    response["Service-Worker-Allowed"] = reverse("visits:mine")
    response["Cache-Control"] = "no-cache"
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
