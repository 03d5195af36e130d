"""The ranking's criterion cells, built in one pass: a page holds hundreds of them."""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from reviews.scoring import CriterionResult

register = template.Library()


def _cell(result: CriterionResult, consensus: str, spread: str) -> tuple:
    value = "—" if result.value is None else localize(result.value)
    note = format_html(" <small>({})</small>", consensus) if result.consensus is not None else ""
    if result.disputed:
        note += format_html(" <strong>⚠ {} {}</strong>", spread, localize(result.spread))
    return ("disputed" if result.disputed else "", value, note)


@register.simple_tag
def criterion_cells(result) -> SafeString:
    """One ``<td>`` per criterion: the score that counts, whether it is a consensus, and a
    warning where reviewers disagree widely."""
    consensus, spread = gettext("consensus"), gettext("wide spread")
    return format_html_join(
        "",
        '<td class="{}">{}{}</td>',
        (_cell(item, consensus, spread) for item in result.criteria.values()),
    )
