"""The ranking's rows, built in Python: a page holds a hundred rows of a dozen cells each, and
the template language's lookups were most of the page's time."""

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from consolidate.templatetags.formats import score
from reviews.ranking import Row
from reviews.scoring import CriterionResult, Result

register = template.Library()


class Words:
    """The translated words of the table, looked up once per page."""

    def __init__(self):
        self.consensus = gettext("consensus")
        self.spread = gettext("wide spread")
        self.yes = gettext("yes")
        self.not_scored = gettext("not fully scored")
        self.below = gettext("no: below a threshold")
        self.decide = gettext("Decide")
        self.agree = gettext("Consensus")
        self.letter = gettext("Letter (PDF)")

    def number(self, value) -> str:
        """A score as every page writes it (``{{ value|score }}``): "3.50"."""
        return score(value)


def _criterion(result: CriterionResult, words: Words) -> tuple:
    # Our own markup, built with format_html (which escapes the data): the note starts safe, so
    # adding to it stays safe rather than turning into text escaped again in the cell.
    note = format_html("")
    if result.consensus is not None:
        note = format_html(" <small>({})</small>", words.consensus)
    if result.disputed:
        note += format_html(" <strong>⚠ {} {}</strong>", words.spread, words.number(result.spread))
    return ("disputed" if result.disputed else "", words.number(result.value), note)


def _selectable(result: Result, words: Words) -> SafeString:
    if result.selectable:
        return format_html("<td>{}</td>", words.yes)
    reason = words.not_scored if result.total is None else words.below
    return format_html('<td class="blocked">{}</td>', reason)


def _outcome(decision) -> str:
    if decision is None:
        return "—"
    rank = f" {decision.reserve_rank}" if decision.reserve_rank else ""
    return f"{decision.get_outcome_display()}{rank}"


def _actions(pk: int, decision, words: Words) -> SafeString:
    # Relative to the ranking page (…/review/ranking/<call>/): no URL reversing per row.
    links = format_html(
        '<a href="../../application/{}/decide/">{}</a> · '
        '<a href="../../application/{}/consensus/">{}</a>',
        pk, words.decide, pk, words.agree,
    )  # fmt: skip
    if decision is not None:
        links += format_html(' · <a href="../../application/{}/letter.pdf">{}</a>', pk,
                             words.letter)  # fmt: skip
    return links


def _row(row: Row, words: Words) -> SafeString:
    application, result = row.application, row.result
    try:
        decision = application.decision
    except ObjectDoesNotExist:
        decision = None
    cells = format_html_join(
        "",
        '<td class="{}">{}{}</td>',
        (_criterion(item, words) for item in result.criteria.values()),
    )
    return format_html(
        "<tr><td>{}</td><td>{}</td><td>{}</td>{}<td><strong>{}</strong></td><td>{} / {}</td>"
        "{}<td>{}</td><td>{}</td></tr>",
        result.rank, application.reference, application.city, cells, words.number(result.total),
        result.reviews_in, result.reviews_expected, _selectable(result, words),
        _outcome(decision), _actions(application.pk, decision, words),
    )  # fmt: skip


@register.simple_tag
def ranking_rows(rows) -> SafeString:
    """The ``<tr>`` of each row: rank, application, the score that counts on each criterion
    (marked where it is a consensus or reviewers disagree widely), total, reviews, whether it
    can be selected, outcome and actions."""
    words = Words()
    return format_html_join("\n", "{}", ((_row(row, words),) for row in rows))
