"""Coordinators plan visits in the admin: team, dates, preparation sessions, agenda, state."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models import Call
from consolidate.admin_pages import admin_paths
from consolidate.audit import record
from consolidate.templatetags import formats

from . import admin_views, agenda_admin
from .bookings import book_days
from .claims.admin import LumpSumClaimAdmin
from .concurrency import RevisionCheckedForm
from .forms import VisitForm
from .models import LumpSumClaim, PreparationSession, TeamMember, Visit

# Times are the visit's wall-clock times: plain inputs, not the admin's shortcuts, whose script
# compares with the browser's clock and notes "You are N hours behind server time".
SMALL_TEXT = {
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 24})},
    models.DateField: {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")},
    models.TimeField: {"widget": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")},
    models.DateTimeField: {
        "widget": forms.SplitDateTimeWidget(
            date_attrs={"type": "date"},
            time_attrs={"type": "time"},
            date_format="%Y-%m-%d",
            time_format="%H:%M",
        )
    },
    models.URLField: {"assume_scheme": "https"},
}
# The sessions' table fits beside the admin's menu in a 1,280 px window (static/css/admin.css).
SESSION_WIDGETS = {
    **SMALL_TEXT,
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 18})},
    models.CharField: {"widget": forms.TextInput(attrs={"size": 18})},
}


class LabelledInlineFormSet(BaseInlineFormSet):
    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = _("Delete this row")


class LabelledTabularInline(admin.TabularInline):
    """A table row shows its headings once; each input still needs a name for screen readers."""

    formset = LabelledInlineFormSet

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            widget = getattr(field.widget, "widget", field.widget)  # past the related wrapper
            parts = getattr(widget, "widgets", None)
            if parts:  # a date and a time
                for part, name in zip(parts, (_("date"), _("time")), strict=False):
                    part.attrs["aria-label"] = f"{field.label}, {name}"
            else:
                widget.attrs["aria-label"] = str(field.label)
        return field


class PreparationSessionInline(LabelledTabularInline):
    model = PreparationSession
    form = RevisionCheckedForm
    extra = 0
    fields = ["starts_at", "duration", "topic", "video_link", "attendees", "seen_revision"]
    formfield_overrides = SESSION_WIDGETS


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    form = VisitForm
    list_display = ["city", "call", "state", "starts_on", "ends_on", "team_summary", "feedback_in"]
    list_filter = ["state", "application__call"]
    list_select_related = ["application__call", "feedback"]
    search_fields = ["application__city", "application__reference"]
    inlines = [PreparationSessionInline]  # the agenda is edited in the panel (agenda_admin)
    change_form_template = "admin/visits/visit/change_form.html"
    change_list_template = "admin/visits/visit/change_list.html"
    fieldsets = [
        (None, {"fields": ["application", "state"]}),  # who confirmed: in the panel above
        (_("In-person dates and clock"), {"fields": ["starts_on", "ends_on", "time_zone"]}),
        (
            _("The host's proposal"),
            {"fields": ["stakeholders", "feedback_subject", "proposal_changed"]},
        ),
    ]
    readonly_fields = ["application", "state", "confirmed_at", "confirmed_by", "stakeholders",
                       "feedback_subject", "meeting_address", "proposal_changed"]  # fmt: skip

    def get_queryset(self, request):
        team = TeamMember.objects.select_related("champion", "user")
        return super().get_queryset(request).prefetch_related(Prefetch("team", queryset=team))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not obj.is_being_planned:
            fields += ["starts_on", "ends_on", "time_zone"]
        return fields

    def has_add_permission(self, request) -> bool:
        return False  # a visit opens when its city's selection is released

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # cancel it instead: the record stays

    @admin.display(description=_("city"), ordering="application__city")
    def city(self, visit):
        return visit.application.city

    @admin.display(description=_("call"))
    def call(self, visit):
        return visit.application.call

    @admin.display(description=_("team"))
    def team_summary(self, visit):
        return ", ".join(member.name for member in visit.team.all()) or "—"

    @admin.display(description=_("host's proposal last changed"))
    def proposal_changed(self, visit):
        return formats.moment(visit.proposed_at, visit.zone)  # with the zone's abbreviation

    @admin.display(description=_("feedback"))
    def feedback_in(self, visit):
        # In words, not Django's icon, whose alternative text ("True") is never translated.
        return _("given") if hasattr(visit, "feedback") else _("not yet")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        visit = self.get_object(request, unquote(object_id))
        if visit is None:
            return super().change_view(request, object_id, form_url, extra_context)
        # Sessions and agenda are typed and shown in the visit's own zone: the page is rendered
        # here, inside it, not later by the response middleware.
        with timezone.override(visit.zone):
            bound = None
            if request.method == "POST" and agenda_admin.ACTION in request.POST:
                bound = self._agenda_post(request, visit)
                if isinstance(bound, HttpResponse):
                    return bound
                request.method = "GET"  # the page again, the refused item beside its fields
            context = {**(extra_context or {}),
                       **admin_views.planning_panel(request, visit, bound)}  # fmt: skip
            response = super().change_view(request, object_id, form_url, context)
            if hasattr(response, "render"):
                response.render()
            if bound is not None:
                response.status_code = 400
            return response

    def _agenda_post(self, request, visit):
        if not request.user.has_perm("visits.plan_visit"):
            raise PermissionDenied
        return agenda_admin.handle(request, visit)

    def save_model(self, request, obj, form, change) -> None:
        if {"starts_on", "ends_on", "time_zone"} & set(form.changed_data):
            obj.revision += 1  # every event of the visit moves in the calendars
        super().save_model(request, obj, form, change)
        book_days(obj)  # the form checked that nobody on the team is away then
        if {"starts_on", "ends_on"} & set(form.changed_data):  # the dates are a decision
            dates = ("starts_on", "ends_on")
            record("visits.dates", obj, actor=request.user,
                   before={name: form.initial.get(name) for name in dates},
                   after={name: getattr(obj, name) for name in dates})  # fmt: skip

    def changelist_view(self, request, extra_context=None):
        calls = Call.objects.filter(applications__visit__isnull=False).distinct()
        return super().changelist_view(request, {**(extra_context or {}), "visit_calls": calls})

    def get_urls(self):
        pages = [
            ("<int:visit_id>/team/", admin_views.team, "visits_team"),
            ("<int:visit_id>/state/", admin_views.change_state, "visits_state"),
            ("<int:visit_id>/cancel/", admin_views.confirm_cancel, "visits_cancel"),
            ("feedback/<int:call_id>/", admin_views.feedback_summary, "visits_feedback_summary"),
        ]  # fmt: skip
        return [*admin_paths(self, pages), *super().get_urls()]


# The claims' admin is written with the claims; it is registered here, where the admin looks.
admin.site.register(LumpSumClaim, LumpSumClaimAdmin)
