from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from consolidate.audit import record

from .models import (
    Call,
    CallSection,
    Contact,
    CostCategory,
    Criterion,
    CriterionLevel,
    Theme,
)


def audit_form(request, action: str, target, form) -> None:
    """A coordinator's edit of a call or criterion in the admin, with what it changed."""
    changed = [name for name in form.changed_data if name in form.cleaned_data]
    if changed:
        record(
            action, target, actor=request.user, subject=", ".join(changed),
            before={name: form.initial.get(name) for name in changed},
            after={name: form.cleaned_data[name] for name in changed},
        )  # fmt: skip


class AuditedAdminMixin:
    """Every edit made on this admin page and its inlines leaves a row in the audit trail."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        published = "state" in form.changed_data and obj.state == Call.State.PUBLISHED
        name = "publish" if published else "change"
        audit_form(request, f"calls.{name}", obj, form)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for inline_form in formset.forms:
            if inline_form.instance.pk and inline_form.has_changed():
                audit_form(request, "calls.change_part", form.instance, inline_form)


class CallSectionInline(admin.StackedInline):
    model = CallSection
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "name", "description", "weight", "threshold", "tie_break_rank"]
    show_change_link = True


class CostCategoryInline(admin.TabularInline):
    model = CostCategory
    extra = 0


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Call)
class CallAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "state", "opens_at", "deadline", "places", "ranking_link"]
    list_filter = ["state"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]
    inlines = [CallSectionInline, CriterionInline, CostCategoryInline, ContactInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "reference_prefix", "summary", "state"]}),
        (
            _("Dates"),
            {"fields": ["time_zone", "opens_at", "deadline", "review_deadline"]},
        ),
        (
            _("What selected cities receive"),
            {
                "fields": [
                    "places",
                    "visit_window_start",
                    "visit_window_end",
                    "contact_days",
                    "nights",
                    "lump_sum",
                    "currency",
                ]
            },
        ),
        (_("Application form"), {"fields": ["eligibility", "themes", "word_limit"]}),
        (
            _("Review"),
            {
                "fields": [
                    "reviewers_per_application",
                    "score_min",
                    "score_max",
                    "score_step",
                    "spread_threshold",
                    "total_threshold",
                    "decisions_released_at",
                ]
            },
        ),
        (
            _("Reminders"),
            {
                "fields": [
                    "draft_reminder_days",
                    "review_reminder_days",
                    "visit_reminder_days",
                    "feedback_reminder_days",
                    "claim_reminder_days",
                ]
            },
        ),
    ]
    readonly_fields = ["decisions_released_at"]

    @admin.display(description=_("ranking and decisions"))
    def ranking_link(self, call):
        url = reverse("admin:reviews_ranking", args=[call.pk])
        return format_html('<a href="{}">{}</a>', url, _("Ranking"))


class CriterionLevelInline(admin.TabularInline):
    model = CriterionLevel
    extra = 0


@admin.register(Criterion)
class CriterionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "call", "order", "weight"]
    list_filter = ["call"]
    list_select_related = ["call"]
    inlines = [CriterionLevelInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    prepopulated_fields = {"slug": ["name"]}
