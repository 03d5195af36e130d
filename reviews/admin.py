"""Reviews and decisions live in the admin: reviewers score there, coordinators decide there."""

from django.contrib import admin
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applications.admin import ApplicationAdmin
from applications.models import Application
from consolidate.admin_lists import QuickListMixin
from consolidate.admin_pages import admin_paths
from consolidate.models import AuditEntry
from consolidate.refusals import Refused, answer_refusal

from . import admin_views
from .forms import AssignmentForm
from .models import Decision, Review
from .rules import is_coordinator
from .services import assign_reviewer, assign_reviewers_automatically, reopen_review


def sees_everything(request) -> bool:
    return is_coordinator(request.user)


@admin.register(Review)
class ReviewAdmin(QuickListMixin, admin.ModelAdmin):
    list_display = ["reference", "city", "call", "reviewer", "state", "open_link"]
    list_filter = ["state", "application__call"]
    list_select_related = ["application__call", "reviewer"]
    # Newest assignment first. Review's own ordering goes through the application to the
    # call's deadline: PostgreSQL then joins every application of the call to sort.
    ordering = ["-pk"]
    search_fields = ["application__reference", "application__city", "reviewer__email"]
    form = AssignmentForm
    raw_id_fields = ["application"]
    actions = ["reopen"]

    def get_queryset(self, request):
        reviews = super().get_queryset(request)
        return reviews if sees_everything(request) else reviews.of(request.user)

    @admin.display(description=_("reference"), ordering="application__number")
    def reference(self, review):
        return review.application.reference

    @admin.display(description=_("city"))
    def city(self, review):
        return review.application.city

    @admin.display(description=_("call"))
    def call(self, review):
        return review.application.call

    @admin.display(description=_("to do"))
    def open_link(self, review):
        label = {
            Review.State.ASSIGNED: _("Declare conflicts, then score"),
            Review.State.SCORING: _("Finish scoring"),
        }.get(review.state, _("Read"))
        # Relative to the list (…/reviews/review/), so no reverse() per row.
        return format_html('<a href="{}/change/">{}</a>', quote(review.pk), label)

    def has_add_permission(self, request) -> bool:
        return request.user.has_perm("reviews.assign_reviewers")

    def save_model(self, request, obj, form, change) -> None:
        if change:
            raise PermissionDenied
        review = assign_reviewer(obj.application, obj.reviewer, actor=request.user)
        obj.pk = review.pk

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return admin_views.score(self, request, object_id)

    @admin.action(description=_("Reopen the selected submitted reviews"), permissions=["reopen"])
    def reopen(self, request, queryset):
        for review in queryset.filter(state=Review.State.SUBMITTED):
            reopen_review(review, actor=request.user)
        self.message_user(request, _("Reopened."))

    def has_reopen_permission(self, request) -> bool:
        return request.user.has_perm("reviews.reopen_review")

    def get_urls(self):
        return [
            *admin_paths(
                self,
                [
                    ("queue/", admin_views.queue, "reviews_queue"),
                    ("ranking/<int:call_id>/", admin_views.ranking, "reviews_ranking"),
                    (
                        "ranking/<int:call_id>/reports/",
                        admin_views.selection_reports,
                        "reviews_selection_reports",
                    ),
                    (
                        "ranking/<int:call_id>/reports/<int:report_id>.pdf",
                        admin_views.selection_report,
                        "reviews_selection_report",
                    ),
                    ("ranking/<int:call_id>/release/", admin_views.release, "reviews_release"),
                    (
                        "application/<int:application_id>/decide/",
                        admin_views.decide,
                        "reviews_decide",
                    ),
                    (
                        "application/<int:application_id>/consensus/",
                        admin_views.consensus,
                        "reviews_consensus",
                    ),
                    (
                        "application/<int:application_id>/letter.pdf",
                        admin_views.letter,
                        "reviews_letter",
                    ),
                ],
            ),  # fmt: skip
            *super().get_urls(),
        ]


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    fields = ["reviewer", "state", "submitted_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


admin.site.unregister(Application)


@admin.register(Application)
class ReviewedApplicationAdmin(ApplicationAdmin):
    """Applications as staff see them once reviewing starts."""

    actions = [*ApplicationAdmin.actions, "assign_reviewers"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return [*fields, "audit_trail"] if sees_everything(request) else fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description=_("audit trail"))
    def audit_trail(self, application):
        """Every decision taken on the application: who, when, what, from what to what."""
        entries = AuditEntry.objects.about(application)
        return format_html_join(
            "", "<p>{} {}: {} {} ({} → {})</p>",
            ((f"{entry.at:%Y-%m-%d %H:%M}", entry.actor_label, entry.action, entry.subject,
              entry.before.get("value", entry.before or "-"),
              entry.after.get("value", entry.after or "-")) for entry in entries),
        ) or "-"  # fmt: skip

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), *([ReviewInline] if sees_everything(request)
                                                      else [])]  # fmt: skip

    def get_queryset(self, request):
        applications = super().get_queryset(request)
        if sees_everything(request):
            return applications
        return applications.filter(reviews__reviewer=request.user).exclude(
            reviews__reviewer=request.user, reviews__state=Review.State.CONFLICT
        )

    @admin.action(
        description=_("Assign reviewers automatically (as many as the call asks for)"),
        permissions=["assign"],
    )
    def assign_reviewers(self, request, queryset):
        try:
            count = assign_reviewers_automatically(
                queryset.submitted().select_related("call"), actor=request.user
            )
        except Refused as refusal:
            answer_refusal(refusal, request=request)
            return
        assigned = ngettext("%(count)s reviewer assigned.", "%(count)s reviewers assigned.", count)
        self.message_user(request, assigned % {"count": count})

    def has_assign_permission(self, request) -> bool:
        return request.user.has_perm("reviews.assign_reviewers")


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["application", "call", "outcome", "reserve_rank", "decided_by", "decided_at"]
    list_filter = ["call", "outcome"]
    list_select_related = ["application", "call", "decided_by"]
    actions = ["download_letters"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        decision = get_object_or_404(Decision, pk=object_id)
        return redirect("admin:reviews_decide", application_id=decision.application_id)

    @admin.action(description=_("Download the decision letters (zip)"))
    def download_letters(self, request, queryset):
        return admin_views.letters_zip(queryset)
