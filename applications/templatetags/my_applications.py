"""The rows of My applications, written in Python (they were a loop in
templates/applications/mine.html, whose 15 tags a row were most of the page's time).

The markup is what the loop wrote, byte for byte (tests/applications/test_my_application_rows.py
compares them): each cell carries its column's name for the narrow layout (``data-label``), the
state with what the officer may still do (delete a draft, withdraw while the call is open), the
outcome once decisions are released, and the last save in the reader's time zone.
"""

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_lazy

from consolidate.escaping import escaped as escape
from consolidate.templatetags.formats import moment

from ..models import Application

register = template.Library()


# Each column's name (``data-label``) and the links' texts.
LABELS = {
    "Call": gettext_lazy("Call"),
    "City": gettext_lazy("City"),
    "Reference": gettext_lazy("Reference"),
    "State": gettext_lazy("State"),
    "Outcome": gettext_lazy("Outcome"),
    "Last saved": gettext_lazy("Last saved"),
    "Delete this draft": gettext_lazy("Delete this draft"),
    "Withdraw": gettext_lazy("Withdraw"),
    "Decision letter (PDF)": gettext_lazy("Decision letter (PDF)"),
    "Your visit": gettext_lazy("Your visit"),
}
# Each state's name, as get_state_display() gives it (a lazy text, translated once per language).
STATES = dict(Application.State.choices)


def _labels() -> dict[str, str]:
    """The labels in the page's language, escaped, once a page."""
    return {name: escape(text) for name, text in LABELS.items()}


_SLUG = "slug-4d1f9c"  # a slug to reverse with; no other part of our paths holds it
_paths: dict[tuple[str, str], str] = {}


def _path(name: str, slug: str) -> str:
    """``reverse(name, args=[slug])``, its pattern reversed once per process (and script
    prefix): a slug is letters, digits, "-" and "_", which a path holds as they are."""
    key = (name, get_script_prefix())
    pattern = _paths.get(key)
    if pattern is None:
        pattern = _paths[key] = reverse(name, args=[_SLUG])
    return pattern.replace(_SLUG, slug)


def _state(application, labels) -> str:
    slug = application.call.slug
    out = escape(STATES.get(application.state, application.state))
    if application.can_be_deleted:
        href = _path("applications:delete", slug)
        out += f'\n        · <a href="{href}" class="link-danger">{labels["Delete this draft"]}</a>'
    elif application.can_be_withdrawn():
        href = _path("applications:withdraw", slug)
        out += f'\n        · <a href="{href}" class="link-danger">{labels["Withdraw"]}</a>'
    return out


def _outcome(application, labels) -> str:
    decision = getattr(application, "decision", None)
    if not (application.call.decisions_released_at and decision):
        return "—"
    slug = application.call.slug
    out = escape(decision.get_outcome_display())
    if decision.reserve_rank:
        reserve = gettext("reserve %(rank)s") % {"rank": decision.reserve_rank}
        out += f" ({escape(reserve)})"
    letter = _path("reviews:letter", slug)
    out += f'\n        · <a href="{letter}">{labels["Decision letter (PDF)"]}</a>'
    if decision.outcome == "selected":
        visit = _path("visits:hosted", slug)
        out += f'\n        · <a href="{visit}">{labels["Your visit"]}</a>'
    return out


def _row(application, labels) -> str:
    edit = _path("applications:edit", application.call.slug)
    cells = [
        ("Call", "", f'<a href="{edit}">{escape(application.call.title)}</a>'),
        ("City", "", escape(application.city or "—")),
        ("Reference", ' class="text-nowrap"', escape(application.reference or "—")),
        ("State", "", _state(application, labels)),
        ("Outcome", "", _outcome(application, labels)),
        ("Last saved", "", escape(moment(application.updated_at))),
    ]
    written = "".join(
        f'\n      <td role="cell" data-label="{labels[name]}"{extra}>{text}</td>'
        for name, extra, text in cells
    )
    return f'\n    <tr role="row">{written}\n    </tr>\n  '


@register.simple_tag
def my_application_rows(applications) -> SafeString:
    """One ``<tr>`` per application, as the template's loop wrote them."""
    labels = _labels()
    # Every text above is escaped here; the links are our own reversed paths.
    return SafeString("".join(_row(application, labels) for application in applications))  # nosec B703
