import csv

from django.contrib import admin
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from .models import Application, ApplicationVersion


class ApplicationVersionInline(admin.TabularInline):
    model = ApplicationVersion
    extra = 0
    can_delete = False
    fields = ["number", "submitted_at", "answers"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Staff read submitted applications here; what officers wrote is never edited by staff."""

    list_display = ["reference", "city", "country", "officer_name", "call", "state", "submitted_at"]
    list_filter = ["call", "state", "country", "themes"]
    list_select_related = ["call"]
    search_fields = ["reference", "city", "officer_name", "email", "department"]
    # Not by call: sorting through the join makes PostgreSQL sort every row of the call.
    ordering = ["-pk"]
    actions = ["export_csv"]
    inlines = [ApplicationVersionInline]
    fields = [
        "call", "reference", "state", "submitted_at", "withdrawn_at", "city", "country",
        "officer_name", "department", "position", "phone", "email", "expertise", "relevance",
        "themes", "challenge", "question",
    ]  # fmt: skip
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).seen_by_staff()

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Export the selected applications as CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="applications.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                "reference",
                "call",
                "state",
                "submitted_at",
                "city",
                "country",
                "officer_name",
                "department",
                "position",
                "phone",
                "email",
                "themes",
                "expertise",
                "relevance",
                "challenge",
                "question",
            ]
        )
        for application in queryset.select_related("call").prefetch_related("themes"):
            writer.writerow(
                [
                    application.reference,
                    application.call.title,
                    application.state,
                    application.submitted_at.isoformat() if application.submitted_at else "",
                    *(
                        _spreadsheet_safe(value)
                        for value in (
                            application.city,
                            application.country.name,
                            application.officer_name,
                            application.department,
                            application.position,
                            application.phone,
                            application.email,
                            "; ".join(t.name for t in application.themes.all()),
                            application.expertise,
                            application.relevance,
                            application.challenge,
                            application.question,
                        )
                    ),
                ]
            )
        return response

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm("applications.export_applications")


def _spreadsheet_safe(value: str) -> str:
    """Text starting like a formula is prefixed, so a spreadsheet never runs it."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
