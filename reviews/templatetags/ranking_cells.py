"""The ranking's rows, built in Python: a page holds a hundred rows of a dozen cells each, and
the template language's lookups were most of the page's time. The cells are written with
f-strings, each value escaped (``escaped``, as format_html would) and each word translated
once per page (``Words``): format_html's own overhead, per cell, was most of what was left."""

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from consolidate.admin_lists import RowUrl
from consolidate.escaping import escaped
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
        self.no = gettext("no")
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
        self.outcomes: dict = {}
        # The markup every row repeats, its words escaped once.
        self.consensus_note = f" <small>({escaped(self.consensus)})</small>"
        self.selectable = f"<td>{escaped(self.yes)}</td>"

    def number(self, value) -> str:
        """A score as every page writes it (``{{ value|score }}``): "3.50". A page repeats the
        same few scores hundreds of times: each is formatted once."""
        text = self.numbers.get(value)
        if text is None:
            text = self.numbers[value] = score(value)
        return text

    def outcome(self, decision) -> str:
        """The decision's outcome as its field shows it, looked up once per outcome."""
        text = self.outcomes.get(decision.outcome)
        if text is None:
            text = self.outcomes[decision.outcome] = decision.get_outcome_display()
        return text


def _criterion(result: CriterionResult, words: Words) -> str:
    note = words.consensus_note if result.consensus is not None else ""
    if result.disputed:
        spread = escaped(words.number(result.spread))
        note += f" <strong>⚠ {escaped(words.spread)} {spread}</strong>"
        return f'<td class="disputed">{escaped(words.number(result.value))}{note}</td>'
    return f'<td class="">{escaped(words.number(result.value))}{note}</td>'


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


def _selectable(result: Result, words: Words) -> str:
    if result.selectable:
        return words.selectable
    reasons = blocking_reasons(result, words)
    if result.total is None:
        return f'<td class="blocked">{escaped(reasons[0])}</td>'
    because = "; ".join(reasons) or words.no
    return f'<td class="blocked">{escaped(words.no)}: {escaped(because)}</td>'


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


def _outcome(decision, words: Words) -> str:
    if decision is None:
        return "—"
    rank = f" {decision.reserve_rank}" if decision.reserve_rank else ""
    return f"{words.outcome(decision)}{rank}"


def _actions(pk: int, decision, words: Words) -> str:
    # Relative to the ranking page (…/review/ranking/<call>/): no URL reversing per row.
    pk = escaped(pk)
    links = (
        f'<a href="../../application/{pk}/decide/">{escaped(words.decide)}</a> · '
        f'<a href="../../application/{pk}/consensus/">{escaped(words.agree)}</a>'
    )
    if decision is not None:
        links += f' · <a href="../../application/{pk}/letter.pdf">{escaped(words.letter)}</a>'
    return links


def _reference(application, words: Words) -> str:
    url = escaped(words.application_url(application.pk))
    return f'<a href="{url}">{escaped(application.reference)}</a>'


def _rank(result: Result, above: Result | None, words: Words) -> str:
    note = tie_note(result, above, words)
    if not note:
        return escaped(result.rank)
    return f'{escaped(result.rank)} <small class="tie-note">{escaped(note)}</small>'


def _row(row: Row, above: Result | None, words: Words) -> str:
    application, result = row.application, row.result
    try:
        decision = application.decision
    except ObjectDoesNotExist:
        decision = None
    cells = "".join(_criterion(item, words) for item in result.criteria.values())
    return (
        f"<tr><td>{_rank(result, above, words)}</td><td>{_reference(application, words)}</td>"
        f"<td>{escaped(application.city)}</td>{cells}"
        f"<td><strong>{escaped(words.number(result.total))}</strong></td>"
        f"<td>{escaped(result.reviews_in)} / {escaped(result.reviews_expected)}</td>"
        f"{_selectable(result, words)}<td>{escaped(_outcome(decision, words))}</td>"
        f"<td>{_actions(application.pk, decision, words)}</td></tr>"
    )


@register.simple_tag
def ranking_rows(rows, criteria=(), call=None) -> SafeString:
    """The ``<tr>`` of each row: rank (with why it comes after an equal total), application
    (a link to it), the score that counts on each criterion (marked where it is a consensus or
    reviewers disagree widely), total, reviews, whether it can be selected (and which threshold
    it fails), outcome and actions."""
    words = Words(criteria, call)
    aboves = [None] + [row.result for row in rows[:-1]]
    return SafeString(  # nosec B703: each row's values are escaped by _row
        "\n".join(_row(row, above, words) for row, above in zip(rows, aboves, strict=True))
    )
