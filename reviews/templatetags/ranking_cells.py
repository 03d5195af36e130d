"""The ranking's rows, built in Python: a page holds a hundred rows of a dozen cells each, and
the template language's lookups were most of the page's time."""

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from consolidate.admin_lists import RowUrl
from consolidate.templatetags.formats import score
from reviews.ranking import Row
from reviews.scoring import CriterionResult, Result

register = template.Library()


class Words:
    """The translated words of the table, and what the call's rules are, looked up once per
    page."""

    def __init__(self, criteria=(), call=None):
        self.consensus = gettext("consensus")
        self.spread = gettext("wide spread")
        self.yes = gettext("yes")
        self.not_scored = gettext("not fully scored")
        self.decide = gettext("Decide")
        self.agree = gettext("Consensus")
        self.letter = gettext("Letter (PDF)")
        self.criteria = {criterion.pk: criterion for criterion in criteria}
        self.breakers = sorted(
            (c for c in criteria if c.tie_break_rank is not None), key=lambda c: c.tie_break_rank
        )
        self.total_threshold = getattr(call, "total_threshold", None)
        # One reverse per page: the application's admin page, with its id put in per row.
        self.application_url = RowUrl("admin:applications_application_change")
        self.numbers: dict = {}

    def number(self, value) -> str:
        """A score as every page writes it (``{{ value|score }}``): "3.50". A page repeats the
        same few scores hundreds of times: each is formatted once."""
        text = self.numbers.get(value)
        if text is None:
            text = self.numbers[value] = score(value)
        return text


def _criterion(result: CriterionResult, words: Words) -> tuple:
    # Our own markup, built with format_html (which escapes the data): the note starts safe, so
    # adding to it stays safe rather than turning into text escaped again in the cell.
    note = SafeString("")
    if result.consensus is not None:
        note = format_html(" <small>({})</small>", words.consensus)
    if result.disputed:
        note += format_html(" <strong>⚠ {} {}</strong>", words.spread, words.number(result.spread))
    return ("disputed" if result.disputed else "", words.number(result.value), note)


def blocking_reasons(result: Result, words: Words) -> list[str]:
    """Why the application cannot be selected, each threshold it fails by name."""
    if result.total is None:
        return [words.not_scored]
    reasons = []
    if result.below_total_threshold:
        reasons.append(
            gettext("below the total threshold %(threshold)s")
            % {"threshold": words.number(words.total_threshold)}
        )
    for criterion_id, item in result.criteria.items():
        criterion = words.criteria.get(criterion_id)
        if item.below_threshold and criterion is not None:
            reasons.append(
                gettext("below the threshold of %(criterion)s (%(threshold)s)")
                % {"criterion": criterion.name, "threshold": words.number(criterion.threshold)}
            )
    return reasons


def _selectable(result: Result, words: Words) -> SafeString:
    if result.selectable:
        return format_html("<td>{}</td>", words.yes)
    reasons = blocking_reasons(result, words)
    if result.total is None:
        return format_html('<td class="blocked">{}</td>', reasons[0])
    return format_html(
        '<td class="blocked">{}: {}</td>', gettext("no"), "; ".join(reasons) or gettext("no")
    )


def tie_note(result: Result, above: Result | None, words: Words) -> str:
    """Why an application with the same total as the one above comes after it: the first
    tie-break criterion on which they differ, or none."""
    if above is None or result.total is None or result.total != above.total:
        return ""
    for criterion in words.breakers:
        if above.criteria[criterion.pk].value != result.criteria[criterion.pk].value:
            return gettext("tied on total with rank %(rank)s; ordered by %(criterion)s") % {
                "rank": above.rank,
                "criterion": criterion.name,
            }
    return gettext("tied on total with rank %(rank)s; no tie-break separates them") % {
        "rank": above.rank
    }


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


def _reference(application, words: Words) -> SafeString:
    return format_html('<a href="{}">{}</a>', words.application_url(application.pk),
                       application.reference)  # fmt: skip


def _rank(result: Result, above: Result | None, words: Words) -> SafeString:
    note = tie_note(result, above, words)
    if not note:
        return format_html("{}", result.rank)
    return format_html('{} <small class="tie-note">{}</small>', result.rank, note)


def _row(row: Row, above: Result | None, words: Words) -> SafeString:
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
        _rank(result, above, words), _reference(application, words), application.city, cells,
        words.number(result.total),
        result.reviews_in, result.reviews_expected, _selectable(result, words),
        _outcome(decision), _actions(application.pk, decision, words),
    )  # fmt: skip


@register.simple_tag
def ranking_rows(rows, criteria=(), call=None) -> SafeString:
    """The ``<tr>`` of each row: rank (with why it comes after an equal total), application
    (a link to it), the score that counts on each criterion (marked where it is a consensus or
    reviewers disagree widely), total, reviews, whether it can be selected (and which threshold
    it fails), outcome and actions."""
    words = Words(criteria, call)
    aboves = [None] + [row.result for row in rows[:-1]]
    return format_html_join(
        "\n", "{}", ((_row(row, above, words),) for row, above in zip(rows, aboves, strict=True))
    )
