"""``{% quick_result_list cl %}``: the admin's ``{% result_list cl %}``, same template and same
HTML, with the rows written by ``consolidate.admin_lists.result_rows``."""

from django import template
from django.contrib.admin.templatetags.admin_list import ResultList, result_headers, result_list
from django.contrib.admin.templatetags.base import InclusionAdminNode

from consolidate.admin_lists import result_rows

register = template.Library()


def quick_result_list(cl) -> dict:
    rows = result_rows(cl)
    if rows is None:
        return result_list(cl)
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": [],  # those of an editable list, which result_rows leaves
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        # One "item" per row, its cells already joined: the template writes <tr>{{ item }}</tr>.
        "results": [ResultList(None, [row]) for row in rows],
    }


@register.tag(name="quick_result_list")
def quick_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser, token, func=quick_result_list, template_name="change_list_results.html",
        takes_context=False,
    )  # fmt: skip
