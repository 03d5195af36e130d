"""Admin change lists of a hundred rows without the admin's per-row and per-cell overhead.

``QuickListMixin`` on a ModelAdmin links each row from one URL reversed per page and writes the
action checkbox's exact HTML. ``result_rows(cl)`` then writes each row's cells in Python, the
same HTML as the admin's ``items_for_result``, which looks every column up again for every
cell (``lookup_field``, ``display_for_field``, two ``format_html`` per cell: most of a 100-row
page). What a column is (a model field, a ModelAdmin method), its CSS class, its empty value
and its choices' labels are worked out once per page; a list this cannot write exactly (an
editable list, a popup, a column kind not handled here) answers ``None``, and the admin's own
rendering is used.
"""

import datetime
import html

from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_list import _coerce_field_name
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
    quote,
)
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.db.models.fields.related import ManyToOneRel
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from consolidate.escaping import escaped
from consolidate.local_times import LocalTimes


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
    exact HTML. The model's ``change_list.html`` extends ``admin/_quick_change_list.html`` for
    the rows written by ``result_rows``.
    """

    show_full_result_count = False

    def get_changelist(self, request, **kwargs):
        return QuickChangeList

    def action_checkbox(self, obj):
        return self.action_checkboxes()(obj)

    def action_checkboxes(self):
        """A function of an object to its checkbox: the label translated once per page."""
        label = gettext("Select this object for an action - {}")
        name = html.escape(helpers.ACTION_CHECKBOX_NAME)

        def checkbox(obj) -> SafeString:
            # The label is a format string, as format_html() takes it: only ``obj`` is escaped.
            return SafeString(
                f'<input type="checkbox" name="{name}" value="{escaped(obj.pk)}" '
                f'class="action-select" aria-label="{label.format(escaped(str(obj)))}">'
            )  # nosec B703: the object's values escaped, the rest is Django's own label

        return checkbox


class Unsupported(Exception):
    """A column ``result_rows`` cannot write exactly as the admin does."""


def _blank_to_empty(value):
    # The admin shows a value of only spaces as an empty one.
    return "" if isinstance(value, str) and value.strip() == "" else value


class Column:
    """One column of a change list: how each of its cells is written."""

    def __init__(self, cl, name, index: int, link: bool, tag: str):
        self.name, self.link, self.tag = name, link, tag
        self.css = f"field-{_coerce_field_name(name, index)}"
        self.empty = cl.model_admin.get_empty_value_display()
        self.render = self._renderer(cl)

    def _renderer(self, cl):
        """A function of a row's object to its cell's (CSS classes, content)."""
        try:
            field = _get_non_gfk_field(cl.lookup_opts, self.name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            return self._method(cl.model_admin)
        if field.auto_created:
            raise Unsupported(self.name)
        if field.is_relation and isinstance(field.remote_field, ManyToOneRel):
            return self._related(field)
        if isinstance(field, (models.DateField, models.TimeField)):
            self.css += " nowrap"
        if getattr(field, "flatchoices", None):
            return self._choice(field)
        if isinstance(field, models.DateTimeField):
            return self._datetime(field)
        if isinstance(field, (models.CharField, models.TextField)) and not isinstance(
            field, models.URLField
        ):
            return self._text
        return self._field(field)

    def _method(self, model_admin):
        name = self.name
        if name == "action_checkbox" and hasattr(model_admin, "action_checkboxes"):
            method = model_admin.action_checkboxes()
        elif callable(name):
            method = name
        elif isinstance(name, str) and name != "__str__" and hasattr(model_admin, name):
            method = getattr(model_admin, name)
        else:
            raise Unsupported(name)  # a model's attribute or property: the admin's own way
        css = "action-checkbox" if name == "action_checkbox" else self.css
        empty = getattr(method, "empty_value_display", self.empty)
        boolean = getattr(method, "boolean", False)

        def render(obj):
            value = _blank_to_empty(method(obj))
            shown = display_for_value(value, empty, boolean)
            if isinstance(value, (datetime.date, datetime.time)):
                return f"{css} nowrap", shown
            return css, shown

        return render

    def _related(self, field):
        self.css += " nowrap"
        name, empty = field.name, self.empty
        return lambda obj: (self.css, empty if (value := getattr(obj, name)) is None else value)

    def _choice(self, field):
        try:
            labels = dict(field.flatchoices)
        except TypeError as error:  # list-like choices: the admin makes them hashable per cell
            raise Unsupported(self.name) from error
        name, empty, shown = field.attname, self.empty, {}

        def render(obj):
            value = _blank_to_empty(getattr(obj, name))
            if value not in shown:  # each label translated and escaped once a page
                shown[value] = SafeString(escaped(labels.get(value, empty)))  # nosec B703: escaped
            return self.css, shown[value]

        return render

    def _text(self, obj):
        value = getattr(obj, self.name)
        return self.css, (self.empty if value is None or not value.strip() else value)

    def _datetime(self, field):
        name, empty, write = self.name, self.empty, LocalTimes()

        def render(obj):
            value = getattr(obj, name)
            return self.css, (empty if value in field.empty_values else write(value))

        return render

    def _field(self, field):
        name, empty, link = self.name, self.empty, self.link
        return lambda obj: (
            self.css,
            display_for_field(_blank_to_empty(getattr(obj, name)), field, empty, avoid_link=link),
        )


def _columns(cl) -> list[Column]:
    """The columns in ``list_display`` order; which of them link to the object, as the admin
    decides it (``list_display_links``, or the first column)."""
    links, columns, first = cl.list_display_links, [], True
    for index, name in enumerate(cl.list_display):
        link = links is not None and ((first and not links) or name in links)
        columns.append(Column(cl, name, index, link, "th" if link and first else "td"))
        first = first and not link
    return columns


def _link_for(cl):
    """A function of an object to its change page's URL with the list's filters, or None
    where there is none (the admin then shows the cell's text without a link)."""
    if isinstance(cl, QuickChangeList):
        return cl.url_for_result  # its URL carries the filters already
    context = {"preserved_filters": cl.preserved_filters, "opts": cl.opts}

    def url(obj):
        try:
            return add_preserved_filters(context, cl.url_for_result(obj))
        except NoReverseMatch:
            return None

    return url


def _row(obj, columns: list[Column], link_for) -> SafeString:
    cells = []
    for column in columns:
        try:
            css, shown = column.render(obj)
        except ObjectDoesNotExist:
            css, shown = column.css.split(" ")[0], column.empty
        shown = escaped(shown)
        if column.link and (url := link_for(obj)) is not None:
            shown = f'<a href="{escaped(url)}">{shown}</a>'
        cells.append(f'<{column.tag} class="{css}">{shown}</{column.tag}>')
    return SafeString("".join(cells))  # nosec B703: every value and link escaped above


def result_rows(cl) -> list[SafeString] | None:
    """Each row's cells (what goes inside its ``<tr>``), or None where the admin's own
    rendering must write them."""
    if cl.formset or cl.is_popup or cl.to_field:
        return None
    try:
        columns = _columns(cl)
    except Unsupported:
        return None
    link_for = _link_for(cl)
    return [_row(obj, columns, link_for) for obj in cl.result_list]
