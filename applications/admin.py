import csv
import functools

from django.contrib import admin
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from consolidate.admin_lists import QuickListMixin
from consolidate.admin_pages import ReadOnlyAdminMixin, admin_paths

from . import admin_views
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
class ApplicationAdmin(ReadOnlyAdminMixin, QuickListMixin, admin.ModelAdmin):
    """Staff read submitted applications here; what officers wrote is never edited by staff."""

    list_display = [
        "reference", "city", "country_name", "officer_name", "call", "state", "submitted_at",
    ]  # fmt: skip
    list_filter = ["call", "state", "country", "themes"]
    list_select_related = ["call"]
    search_fields = ["reference", "city", "officer_name", "email", "department"]
    # The newest call first, each call by reference. By the column, not through the call (whose
    # own ordering is its deadline): migration 0003's index then serves the page as it is.
    ordering = ["-call_id", "number", "pk"]
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

    def get_urls(self):
        return [
            *admin_paths(self, [
                ("drafts/", admin_views.draft_calls, "applications_draft_calls"),
                ("drafts/<int:call_id>/remind/", admin_views.remind_drafts,
                 "applications_remind_drafts"),
            ]),
            *super().get_urls(),
        ]  # fmt: skip

    # The field itself would be shown through CountryField.flatchoices, which builds and
    # translates the list of countries for every cell; each name is looked up once a language.
    @admin.display(description=_("country"), ordering="country")
    def country_name(self, application):
        # The stored code, without the Country object the field's descriptor makes per read.
        return country_name(vars(application)["country"], get_language())

    @admin.action(description=_("Export the selected applications as CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="applications.csv"'
        writer = csv.writer(response)
        writer.writerow(CSV_COLUMNS)
        for application in queryset.select_related("call").prefetch_related("themes"):
            writer.writerow(csv_row(application))
        return response

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm("applications.export_applications")


@functools.lru_cache(maxsize=512)
def country_name(code: str, language: str) -> str:
    """The country's name in ``language`` (the active one, which the cache is keyed by)."""
    return str(Application._meta.get_field("country").countries.name(code))


CSV_COLUMNS = [
    "reference", "call", "state", "submitted_at", "city", "country", "officer_name",
    "department", "position", "phone", "email", "themes", "expertise", "relevance",
    "challenge", "question",
]  # fmt: skip


def csv_row(application: Application) -> list[str]:
    """One application in CSV_COLUMNS' order; what the officer typed is made spreadsheet-safe."""
    typed = (
        application.city, application.country.name, application.officer_name,
        application.department, application.position, application.phone, application.email,
        "; ".join(theme.name for theme in application.themes.all()), application.expertise,
        application.relevance, application.challenge, application.question,
    )  # fmt: skip
    submitted_at = application.submitted_at.isoformat() if application.submitted_at else ""
    return [
        application.reference, application.call.title, application.state, submitted_at,
        *(_spreadsheet_safe(value) for value in typed),
    ]  # fmt: skip


def _spreadsheet_safe(value: str) -> str:
    """Text starting like a formula is prefixed, so a spreadsheet never runs it."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
