"""Admin change lists of a hundred rows without the admin's per-row overhead.

``QuickListMixin`` on a ModelAdmin links each row from one URL reversed per page
(``RowUrl``, which other pages listing many objects use as well) and writes the action
checkbox's exact HTML.
"""

from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext


class RowUrl:
    """One object's URL for each of many objects, from one ``reverse()``: the placeholder is
    URL-safe, so ``reverse()`` and the admin's ``add_preserved_filters`` leave it as it is."""

    PK = "~pk~"

    def __init__(self, viewname: str, **kwargs):
        self.url = reverse(viewname, args=[self.PK], **kwargs)

    def __call__(self, pk) -> str:
        return self.url.replace(self.PK, str(quote(pk)), 1)


class QuickChangeList(ChangeList):
    """Row links from one URL per page: the admin reverses and resolves two URLs per row."""

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        opts = self.opts
        self.row_url = RowUrl(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            current_app=self.model_admin.admin_site.name,
        )
        context = {"preserved_filters": self.preserved_filters, "opts": opts}
        self.row_url.url = add_preserved_filters(context, self.row_url.url)
        # The row URL carries the filters; emptied here, the admin stops re-adding them per row.
        self.preserved_filters = ""

    def url_for_result(self, result):
        return self.row_url(getattr(result, self.pk_attname))


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
