"""A coordinator's one-off reminder to the officers whose application to a call is a draft."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from calls.models import Call

from .models import Application
from .reminders import one_off_drafts, remind_drafts_now


def _require_permission(request) -> None:
    if not request.user.has_perm("notifications.send_reminders"):
        raise PermissionDenied


def _page(model_admin, request, template: str, context: dict) -> TemplateResponse:
    each = model_admin.admin_site.each_context(request)
    return TemplateResponse(request, template, {**each, "opts": Application._meta, **context})


def draft_calls(model_admin, request):
    """The calls with drafts, each with how many and a link to remind their officers."""
    _require_permission(request)
    drafts = Application.objects.drafts().order_by().values_list("call").annotate(Count("pk"))
    counts = dict(drafts)
    calls = [(call, counts[call.pk]) for call in Call.objects.filter(pk__in=counts)]
    title = _("Remind officers of their drafts")
    return _page(model_admin, request, "admin/applications/draft_calls.html",
                 {"title": title, "calls": calls})  # fmt: skip


def remind_drafts(model_admin, request, call_id: int):
    """Who a one-off reminder reaches and who it skips; on confirmation (POST), send it."""
    _require_permission(request)
    call = get_object_or_404(Call, pk=call_id)
    if request.method == "POST":
        count = remind_drafts_now(call)
        text = ngettext("%(count)s reminder queued.", "%(count)s reminders queued.", count)
        messages.success(request, text % {"count": count})
        return redirect("admin:applications_draft_calls")
    reached, skipped = one_off_drafts(call, now=timezone.now())
    title = _("Remind the officers with a draft in %(call)s") % {"call": call.title}
    return _page(model_admin, request, "admin/applications/remind_drafts.html", {
        "title": title, "call": call, "reached": list(reached), "skipped": list(skipped),
    })  # fmt: skip
