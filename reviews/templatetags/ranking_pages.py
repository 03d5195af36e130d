"""``{% ranking_pages page label %}``: the ranking's page links, above and below the table.

Written in Python for the same reason as the rows (``ranking_cells``): the template looped over
every page of the ranking (a hundred on a large call) twice, testing each against the current
one, which took a tenth of the page's time. The HTML is the one the template wrote, whitespace
included, so the page is unchanged.
"""

from django import template
from django.utils.formats import localize
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from consolidate.escaping import escaped

register = template.Library()
NEAR = 3  # pages linked on either side of the current one


def _number(value) -> str:
    # As the template wrote ``{{ number }}``: localised, then escaped.
    return escaped(localize(value))


def _link(number: int, page, name: str) -> str:
    """What the loop wrote for ``number``: the current page, a link, an ellipsis or nothing."""
    last = page.paginator.num_pages
    shown = _number(number)
    if number == page.number:
        return f'<span class="this-page" aria-current="page">{shown}</span>\n    '
    if number in (1, last) or page.number - NEAR <= number <= page.number + NEAR:
        label = name % {"number": shown}
        return f'<a href="?page={shown}" aria-label="{label}">{shown}</a>\n    '
    if number in (2, last - 1):
        return '<span aria-hidden="true">…</span>'
    return ""


@register.simple_tag
def ranking_pages(page, label) -> SafeString:
    """Links to the previous and next page and to the pages near this one, the first and the
    last, under a navigation landmark named ``label``; nothing where there is one page."""
    if not page.has_other_pages():
        return SafeString("\n")
    name = gettext("Page %(number)s")
    parts = [f'\n<nav class="paginator ranking-pages" aria-label="{escaped(label)}">\n  ']
    if page.has_previous():
        previous, text = _number(page.previous_page_number()), escaped(gettext("Previous page"))
        parts.append(f'<a href="?page={previous}" rel="prev">{text}</a>')
    parts.append("\n  ")
    parts.extend(f"\n    {_link(number, page, name)}\n  " for number in page.paginator.page_range)
    parts.append("\n  ")
    if page.has_next():
        following, text = _number(page.next_page_number()), escaped(gettext("Next page"))
        parts.append(f'<a href="?page={following}" rel="next">{text}</a>')
    parts.append("\n</nav>\n\n")
    return SafeString("".join(parts))  # nosec B703: numbers, escaped words and our markup
