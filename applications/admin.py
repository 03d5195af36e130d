import csv
import functools

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

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


class QuickChangeList(ChangeList):
    """Row links from one URL per page: the admin reverses and resolves two URLs per row."""

    PK = "~pk~"  # URL-safe, so reverse() and add_preserved_filters() leave it as it is

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        opts = self.opts
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[self.PK],
            current_app=self.model_admin.admin_site.name,
        )
        context = {"preserved_filters": self.preserved_filters, "opts": opts}
        self.row_url = add_preserved_filters(context, url)
        # The row URL carries the filters; emptied here, the admin stops re-adding them per row.
        self.preserved_filters = ""

    def url_for_result(self, result):
        return self.row_url.replace(self.PK, str(quote(getattr(result, self.pk_attname))), 1)


class QuickListMixin:
    """A changelist of 100 rows without the admin's costliest per-row work.

    The admin counts the whole table next to the filtered count, renders each row's checkbox
    through a form widget's template and links each row through reverse() and resolve():
    together most of a 100-row page (benchmarks/README.md). The checkbox here is the widget's
    exact HTML.
    """

    show_full_result_count = False

    def get_changelist(self, request, **kwargs):
        return QuickChangeList

    def action_checkbox(self, obj):
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )


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
