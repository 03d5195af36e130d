"""The admin pages where coordinators plan a visit, built on the admin's own layout."""

import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calls.models import Call
from consolidate.refusals import Refused, answer_refusal

from . import agenda_admin
from .forms import TeamForm
from .matching import suggest_champion_pairs
from .models import Feedback, TeamMember, Visit
from .programme import programme_of
from .services import (
    agenda_warnings,
    cancel_visit,
    complete_visit,
    confirm_visit,
    confirmation_problems,
    reopen_visit,
    set_team,
)

NEXT_STATES = {
    Visit.State.PLANNING: [
        ("confirmed", gettext_lazy("Confirm the visit")),
        ("cancelled", gettext_lazy("Cancel the visit")),
    ],
    Visit.State.CONFIRMED: [
        ("done", gettext_lazy("Mark the visit as done")),
        ("planning", gettext_lazy("Back to planning")),
        ("cancelled", gettext_lazy("Cancel the visit")),
    ],
    Visit.State.CANCELLED: [("planning", gettext_lazy("Plan it again"))],
    Visit.State.DONE: [],
}


def _post_only(function):
    @functools.wraps(function)
    def view(model_admin, request, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return function(model_admin, request, **kwargs)

    return view


def _page(model_admin, request, template, context, *, status=200):
    return TemplateResponse(
        request,
        template,
        {**model_admin.admin_site.each_context(request), "opts": Visit._meta, **context},
        status=status,
    )


def _visit_to_plan(request, visit_id) -> Visit:
    if not request.user.has_perm("visits.plan_visit"):
        raise PermissionDenied
    return get_object_or_404(
        Visit.objects.select_related("application__call", "feedback"), pk=visit_id
    )


def planning_panel(request, visit: Visit, bound=None) -> dict:
    """What the coordinator sees above the visit's form: what is missing, what looks wrong,
    the agenda day by day with its forms, the team and the sessions."""
    programme = programme_of(visit)
    problems = confirmation_problems(visit) if visit.is_being_planned else []
    return {
        "visit": visit,
        "programme": programme,
        "team": programme.team,
        "problems": list(dict.fromkeys(problems)),  # each once
        "warnings": list(dict.fromkeys(agenda_warnings(visit, programme.items))),
        **agenda_admin.editing(request, visit, programme.items, bound),
        "next_states": NEXT_STATES[visit.state],
        "feedback": Feedback.objects.filter(visit=visit).first(),
    }


def team(model_admin, request, visit_id):
    visit = _visit_to_plan(request, visit_id)
    members = list(visit.team.all())
    champions = [m.champion_id for m in members if m.role == TeamMember.Role.CHAMPION] + [None] * 2
    experts = {m.role: m.user_id for m in members if m.role != TeamMember.Role.CHAMPION}
    initial = {
        "first_champion": request.GET.get("first") or champions[0],
        "second_champion": request.GET.get("second") or champions[1],
        "network_expert": experts.get(TeamMember.Role.NETWORK_EXPERT),
        "partner_expert": experts.get(TeamMember.Role.PARTNER_EXPERT),
    }
    form = TeamForm(request.POST or None, initial=initial, visit=visit)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                set_team(visit, form.champions, form.cleaned_data["network_expert"],
                         form.cleaned_data["partner_expert"], actor=request.user)  # fmt: skip
            except Refused as refusal:
                status = answer_refusal(refusal, form=form)
            else:
                messages.success(request, _("Team saved."))
                return redirect("admin:visits_visit_change", visit.pk)
    context = {
        "title": _("Team of the visit to %(city)s") % {"city": visit.application.city},
        "visit": visit,
        "application": visit.application,
        "themes": list(visit.application.themes.all()),
        "suggestions": suggest_champion_pairs(visit),
        "form": form,
    }
    return _page(model_admin, request, "admin/visits/team.html", context, status=status)


@_post_only
def change_state(model_admin, request, visit_id):
    visit = _visit_to_plan(request, visit_id)
    moves = {
        "confirmed": lambda: confirm_visit(visit, actor=request.user),
        "planning": lambda: reopen_visit(visit, actor=request.user),
        "done": lambda: complete_visit(visit, actor=request.user),
        "cancelled": lambda: cancel_visit(visit, actor=request.user),
    }
    move = moves.get(request.POST.get("state"))
    if move is None:
        messages.error(request, _("Unknown state."))
        return redirect("admin:visits_visit_change", visit.pk)
    try:
        visit = move()
    except Refused as refusal:
        answer_refusal(refusal, request=request)
    else:
        messages.success(
            request, _("The visit is now: %(state)s.") % {"state": visit.get_state_display()}
        )
    return redirect("admin:visits_visit_change", visit.pk)


def confirm_cancel(model_admin, request, visit_id):
    """Cancelling is a decision the team and the host feel: it is asked for on a page of its own."""
    visit = _visit_to_plan(request, visit_id)
    if visit.state not in (Visit.State.PLANNING, Visit.State.CONFIRMED):
        return redirect("admin:visits_visit_change", visit.pk)
    context = {"title": _("Cancel the visit to %(city)s?") % {"city": visit.application.city},
               "visit": visit}  # fmt: skip
    return _page(model_admin, request, "admin/visits/cancel.html", context)


def feedback_summary(model_admin, request, call_id):
    if not request.user.has_perm("visits.plan_visit"):
        raise PermissionDenied
    call = get_object_or_404(Call, pk=call_id)
    visits = Visit.objects.for_call(call).select_related("application", "feedback").order_by("pk")
    answers = Feedback.objects.filter(visit__application__call=call)
    context = {
        "title": _("Feedback on the visits of %(call)s") % {"call": call},
        "call": call,
        "visits": visits,
        "summary": answers.aggregate(
            count=Count("pk"),
            insights=Avg("insights"),
            energised=Avg("energised"),
            connections=Avg("connections"),
        ),
    }
    return _page(model_admin, request, "admin/visits/feedback_summary.html", context)
