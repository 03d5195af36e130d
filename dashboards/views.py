"""A call's dashboard and its CSV exports, inside the admin (its login, staff check, second
factor and layout). Only coordinators may open them (``rules``): a reviewer gets a 403 before
the call is even looked up, so an address tells nothing about which calls exist."""

import csv
import io

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import Call

from .figures import call_figures
from .funnel import funnel
from .panels import panels, tables

PERMISSION = "dashboards.view_call_dashboard"


def _call(request, call_id: int) -> Call:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    return get_object_or_404(Call, pk=call_id)


def call_dashboard(request, call_id: int):
    call = _call(request, call_id)
    figures = call_figures(call, today=timezone.localdate())
    context = {
        **admin.site.each_context(request),
        "title": _("Dashboard: %(call)s") % {"call": call},
        "call": call,
        "phase": call.phase(),
        "counted_at": figures.counted_at,
        "stages": funnel(figures),
        "panels": panels(figures),
    }
    return TemplateResponse(request, "admin/dashboards/call.html", context)


def export(request, call_id: int, table: str):
    """One table of the dashboard as CSV: UTF-8 with a byte-order mark, so that a spreadsheet
    reads "Inês" as it is written."""
    call = _call(request, call_id)
    found = tables(call_figures(call, today=timezone.localdate())).get(table)
    if found is None:
        raise Http404
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(found.headers)
    writer.writerows([cell.value for cell in row] for row in found.rows)
    response = HttpResponse(
        ("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{call.slug}-{table}.csv"'
    return response
