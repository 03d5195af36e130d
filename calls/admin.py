import copy

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from consolidate import registry
from consolidate.audit import record

from .admin_texts import (
    CALL_TEXTS_FIELDSETS,
    CallSectionInline,
    ContactInline,
    CostCategoryInline,
    CriterionLevelInline,
    LanguagesAdminMixin,
    in_languages,
    language_fieldsets,
)
from .models import (
    Call,
    Criterion,
    Theme,
)


def audit_form(request, action: str, target, form) -> None:
    """A coordinator's edit of a call or criterion in the admin, with what it changed."""
    changed = [
        name
        for name in form.changed_data
        if name in form.cleaned_data and name not in ("confirm_scoring_change",
                                                      "scoring_change_reason")
    ]  # fmt: skip
    if changed:
        record(
            action, target, actor=request.user, subject=", ".join(changed),
            before={name: form.initial.get(name) for name in changed},
            after={name: form.cleaned_data[name] for name in changed},
        )  # fmt: skip


# Scoring set-up: frozen once a review is submitted

CALL_SCORING_FIELDS = ["total_threshold"]
CRITERION_SCORING_FIELDS = ["weight", "threshold", "tie_break_rank"]
CONFIRM, REASON = "confirm_scoring_change", "scoring_change_reason"


def scoring_started(call) -> bool:
    """Whether a review of ``call`` is submitted (asked of the app that scores: see registry)."""
    return call.pk is not None and any(hook.started(call) for hook in registry.scoring.values())


def ranking_preview(call, criteria) -> tuple[list, list]:
    for hook in registry.scoring.values():
        return hook.preview(call, criteria)
    return [], []


class ScoringConfirmationForm(forms.ModelForm):
    """A form of the scoring set-up: a change after scoring started asks for a confirmation and
    a reason (the fields are shown only then)."""

    confirm_scoring_change = forms.BooleanField(
        label=_("I confirm this change after scoring started"), required=False
    )
    scoring_change_reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the audit trail with the ranking before and after."),
    )

    def clean(self):
        data = super().clean()
        if data.get(CONFIRM) and not (data.get(REASON) or "").strip():
            self.add_error(REASON, _("Give the reason for changing the scoring after it started."))
        return data


class ScoringChange:
    """What a save would change in a call's scoring set-up, and the ranking before and after."""

    def __init__(self, call, criteria, changed: list[str]):
        self.call, self.criteria, self.changed = call, criteria, changed
        self.before, self.after = ranking_preview(call, _unsaved(criteria))
        self.reason = ""

    @property
    def comparison(self) -> list[dict]:
        """Each application's rank and total before and after, in the order after."""
        before = {row["reference"]: row for row in self.before}
        return [{"after": row, "before": before.get(row["reference"], {})} for row in self.after]

    def refusal(self) -> ValidationError:
        return ValidationError(
            _(
                "Reviews of this call are already submitted: changing %(fields)s changes the "
                "ranking. Compare the ranking before and after below, then tick “I confirm this "
                "change after scoring started”, give a reason and save again."
            ),
            params={"fields": ", ".join(self.changed)},
            code="scoring_started",
        )

    def record(self, request, reason: str) -> None:
        record(
            "calls.change_scoring", self.call, actor=request.user, subject=reason,
            before={"changed": self.changed, "ranking": self.before},
            after={"changed": self.changed, "ranking": self.after, "reason": reason},
        )  # fmt: skip


def _changed_criteria(forms_, deleted=()) -> list[str]:
    changed = [
        f"{form.instance.name}: {form.fields[name].label}"
        for form in forms_
        for name in CRITERION_SCORING_FIELDS
        if form.instance.pk and form not in deleted and name in form.changed_data
    ]
    added = [f for f in forms_ if not f.instance.pk and f.has_changed() and f not in deleted]
    gone = [form for form in deleted if form.instance.pk]
    return (
        changed
        + [str(_("new criterion %(name)s") % {"name": f.instance.name}) for f in added]
        + [str(_("criterion %(name)s removed") % {"name": f.instance.name}) for f in gone]
    )


def _unsaved(criteria) -> list:
    """Copies of the criteria as proposed; new ones get ids of their own (below zero)."""
    copies = [copy.copy(criterion) for criterion in criteria]
    for number, criterion in enumerate((c for c in copies if c.pk is None), start=1):
        criterion.pk = -number
    return copies


def _confirmation(data, prefix="") -> tuple[bool, str]:
    confirmed = data.get(f"{prefix}{CONFIRM}") in ("on", "true", "True", "1")
    return confirmed, (data.get(f"{prefix}{REASON}") or "").strip()


class CriterionFormSet(BaseInlineFormSet):
    """The call's criteria: the last part of the call's page to be validated, so it sees the
    call's proposed values too, and guards the whole scoring set-up of the page."""

    scoring_change = None

    def clean(self):
        super().clean()
        call = self.instance
        if not scoring_started(call) or any(form.errors for form in self.forms):
            return
        saved = type(call).objects.get(pk=call.pk)
        deleted = [form for form in self.forms if self._should_delete_form(form)]
        changed = [
            str(call._meta.get_field(name).verbose_name)
            for name in CALL_SCORING_FIELDS
            if getattr(saved, name) != getattr(call, name)
        ] + _changed_criteria(self.forms, deleted)
        if not changed:
            return
        kept = [form.instance for form in self.forms if form not in deleted]
        self.scoring_change = ScoringChange(call, kept, changed)
        confirmed, reason = _confirmation(self.data)
        if not (confirmed and reason):
            raise self.scoring_change.refusal()
        self.scoring_change.reason = reason


class CriterionScoringForm(ScoringConfirmationForm):
    """A criterion's own page: its weight, threshold and tie-break rank are guarded the same
    way as on the call's page."""

    scoring_change = None

    def clean(self):
        data = super().clean()
        criterion = self.instance
        if criterion.pk is None:
            call = data.get("call")
            if call is not None and scoring_started(call):
                raise forms.ValidationError(_(
                    "Reviews of this call are submitted: add the criterion on the call's own "
                    "page, where the change is shown in the ranking and confirmed with a reason."
                ), code="scoring_started")  # fmt: skip
            return data
        if self.errors or not scoring_started(criterion.call):
            return data
        changed = _changed_criteria([self])
        if not changed:
            return data
        proposed = copy.copy(criterion)
        for name in CRITERION_SCORING_FIELDS:
            setattr(proposed, name, data.get(name))
        criteria = [proposed if c.pk == criterion.pk else c for c in criterion.call.criteria.all()]
        self.scoring_change = ScoringChange(criterion.call, criteria, changed)
        confirmed, reason = bool(data.get(CONFIRM)), (data.get(REASON) or "").strip()
        if not (confirmed and reason):
            raise self.scoring_change.refusal()
        self.scoring_change.reason = reason
        return data


CONFIRMATION_FIELDSET = (
    _("Change after scoring started"),
    {
        "fields": [CONFIRM, REASON],
        "description": _(
            "Reviews are submitted: a change of a weight, threshold or tie-break rank needs "
            "this confirmation and a reason."
        ),
    },
)


class ScoringGuardMixin:
    """Shows the confirmation fields once scoring started, and the ranking before and after
    when a save is refused or confirmed."""

    def call_of(self, obj):
        return obj

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        plain = [
            (name, {**options, "fields": [f for f in options["fields"] if f not in (CONFIRM,
                                                                                  REASON)]})
            for name, options in fieldsets
        ]  # fmt: skip
        if obj is not None and scoring_started(self.call_of(obj)):
            plain.append(CONFIRMATION_FIELDSET)
        return plain

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        pending = [getattr(context["adminform"].form, "scoring_change", None)] + [
            getattr(inline.formset, "scoring_change", None)
            for inline in context.get("inline_admin_formsets", [])
        ]
        context["scoring_change"] = next((p for p in pending if p is not None), None)
        if obj is not None:
            context["scoring_started"] = scoring_started(self.call_of(obj))
        return super().render_change_form(request, context, add, change, form_url, obj)


class AuditedAdminMixin:
    """Every edit made on this admin page and its inlines leaves a row in the audit trail."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        scoring_change = getattr(form, "scoring_change", None)
        if scoring_change is not None:
            scoring_change.record(request, scoring_change.reason)
        published = "state" in form.changed_data and obj.state == Call.State.PUBLISHED
        name = "publish" if published else "change"
        audit_form(request, f"calls.{name}", obj, form)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        scoring_change = getattr(formset, "scoring_change", None)
        if scoring_change is not None:
            scoring_change.record(request, scoring_change.reason)
        for inline_form in formset.forms:
            if inline_form.instance.pk and inline_form.has_changed():
                audit_form(request, "calls.change_part", form.instance, inline_form)


class CriterionInline(TranslationTabularInline):
    """The criteria in English, with their scoring set-up; each criterion's own page (its
    link) holds its texts in every language and its score levels."""

    model = Criterion
    extra = 0
    fields = ["order", "name_en", "description_en", "weight", "threshold", "tie_break_rank"]
    formset = CriterionFormSet
    show_change_link = True
    classes = ["calls-fit"]


@admin.register(Call)
class CallAdmin(ScoringGuardMixin, AuditedAdminMixin, LanguagesAdminMixin, TranslationAdmin):
    form = ScoringConfirmationForm
    list_display = ["title", "state", "opens_at", "deadline", "places", "languages",
                    "ranking_link"]  # fmt: skip
    list_filter = ["state"]
    search_fields = [*in_languages("title"), *in_languages("summary")]  # found in any language
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]
    inlines = [CallSectionInline, CriterionInline, CostCategoryInline, ContactInline]
    fieldsets = [
        *CALL_TEXTS_FIELDSETS,
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
        (_("Application form"), {"fields": ["themes", "word_limit"]}),
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
    readonly_fields = ["decisions_released_at", "translation_status"]

    class Media:
        css = {"all": ["css/admin-calls.css"]}

    @admin.display(description=_("ranking and decisions"))
    def ranking_link(self, call):
        url = reverse("admin:reviews_ranking", args=[call.pk])
        return format_html('<a href="{}">{}</a>', url, _("Ranking"))


@admin.register(Criterion)
class CriterionAdmin(ScoringGuardMixin, AuditedAdminMixin, TranslationAdmin):
    """Criteria listed per call: the call first, then the call's order."""

    form = CriterionScoringForm
    fieldsets = language_fieldsets(
        ["name", "description"], first=["call", "order", "weight", "threshold", "tie_break_rank"]
    )
    list_display = ["name", "order", "weight", "threshold", "tie_break_rank", "call"]
    list_display_links = ["name"]
    list_filter = ["call"]
    list_select_related = ["call"]
    ordering = ["-call__deadline", "call", "order", "pk"]
    search_fields = [*in_languages("name"), "call__title_en"]
    inlines = [CriterionLevelInline]

    class Media:
        css = {"all": ["css/admin-calls.css"]}

    # Criteria are removed one at a time, where the guard below can see the call.
    actions = None

    def call_of(self, obj):
        return obj.call

    def has_delete_permission(self, request, obj=None) -> bool:
        # Once reviews are submitted, a criterion is removed on its call's page only, where the
        # removal shows in the ranking and is confirmed with a reason.
        if obj is not None and scoring_started(obj.call):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ["name", "order"]
    fieldsets = language_fieldsets(["name", "description"], first=["slug", "order"])
    prepopulated_fields = {"slug": ["name"]}
