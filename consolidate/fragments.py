"""Parts of every page rendered once per process and language, with holes for each reader's own.

The site's header, its footer and the language menu depend on the language and on a few facts
about the reader (signed in, on a visit team, staff), and otherwise only on the code, the
translations and the settings, which do not change while a process runs. ``kept_fragment``
renders such a template once per process for each language and set of facts, and keeps it as
literal pieces between **holes**: what is each reader's own (their e-mail address, the page's
CSRF token, the page to come back to). On each page the holes are filled, escaped, and nothing
else is rendered again. The kept pieces hold no personal data: the holes carry it.

Only for templates whose output depends on nothing but the language, the facts and the holes.
A fact must be a small, fixed choice (a boolean, a style name): each value is a kept copy.
"""

import re

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# Characters from Unicode's private use area: no translation or setting contains them.
_OPEN, _CLOSE = "\ue000", "\ue001"
_HOLE = re.compile(f"{_OPEN}([a-z_]+){_CLOSE}")

_kept: dict[tuple, list[str]] = {}


def _pieces(template_name: str, context: dict, holes: tuple[str, ...]) -> list[str]:
    """The template rendered with a marker in each hole: [literal, hole, literal, hole, …]."""
    markers = {name: mark_safe(f"{_OPEN}{name}{_CLOSE}") for name in holes}  # nosec B308 B703: our own markers
    return _HOLE.split(render_to_string(template_name, {**context, **markers}))


def kept_fragment(
    template_name: str, facts: dict, holes: dict[str, str], settled: dict | None = None
) -> SafeString:
    """``template_name`` for the active language and ``facts``, with ``holes`` filled in.

    ``settled``: more of the template's context, read from settings, so the same for the whole
    process (a setting changed in a test drops every kept fragment)."""
    key = (template_name, get_language(), *sorted(facts.items()), *sorted(holes))
    pieces = _kept.get(key)
    if pieces is None:
        context = {**(settled or {}), **facts}
        pieces = _kept[key] = _pieces(template_name, context, tuple(holes))
    filled = [escape(holes[piece]) if odd else piece for odd, piece in _alternate(pieces)]
    return mark_safe("".join(filled))  # nosec B308 B703: the template's pieces, holes escaped


def _alternate(pieces: list[str]):
    """(is a hole, piece) for each piece: holes are the odd ones."""
    return ((index % 2 == 1, piece) for index, piece in enumerate(pieces))


def forget_kept_fragments() -> None:
    """Drop every kept fragment (a setting changed: in tests, the languages, say)."""
    _kept.clear()


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    forget_kept_fragments()
