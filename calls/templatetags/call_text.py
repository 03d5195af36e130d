from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.templatetags.tz import do_timezone
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.timesince import timeuntil
from django.utils.translation import get_language, gettext, gettext_noop

from calls.markdown import render_markdown

register = template.Library()

# (language, deadline, time zone) -> the deadline as calls/_deadline.html writes it. Emptied
# when full, and when a setting changes (a test's languages or formats).
_deadlines: dict[tuple, SafeString] = {}
_MAX_DEADLINES = 512
# The time left before a deadline, as a phrase and as a sentence.
LEFT = {"phrase": gettext_noop("%(left)s left"), "sentence": gettext_noop("Time left: %(left)s.")}
# (language, deadline, the second, phrase or sentence) -> what {% time_left %} wrote.
_times_left: dict[tuple, SafeString] = {}


@register.filter
def markdown(text: str):
    return render_markdown(text)


@register.filter
def in_zone(value, call):
    """The instant ``value`` in ``call``'s own time zone, and left there: marked as Django's
    ``timezone`` filter marks it, so that a filter such as ``date`` does not turn it back into
    the active zone (the site's, Brussels) as it does any other instant."""
    return do_timezone(value, call.zone) if value else value


@register.simple_tag
def call_deadline(call) -> SafeString:
    """The call's deadline in its own zone, named by its city, with the exact instant for
    machines (calls/_deadline.html): written once per language, deadline and zone, as it
    depends on nothing else (a date in a zone, formatted and translated, was half a
    millisecond of the application form)."""
    key = (get_language(), call.deadline, call.time_zone)
    written = _deadlines.get(key)
    if written is None:
        if len(_deadlines) >= _MAX_DEADLINES:
            _deadlines.clear()
        written = _deadlines[key] = render_to_string("calls/_deadline.html", {"call": call})
    return written


@register.simple_tag
def time_left(call, kind: str = "phrase") -> SafeString:
    """ "2 days, 3 hours left" ("sentence": "Time left: 2 days, 3 hours."), Django's
    ``timeuntil`` in the active language, as ``{% blocktranslate %}`` writes it: worked out once
    a second per language and deadline (it counts in minutes; it took a tenth of a
    millisecond, the form's costliest tag after the fields)."""
    now = timezone.now().replace(microsecond=0)
    key = (get_language(), call.deadline, now, kind)
    written = _times_left.get(key)
    if written is None:
        if len(_times_left) >= _MAX_DEADLINES:
            _times_left.clear()
        left = escape(timeuntil(call.deadline, now))
        # As {% blocktranslate %}: the catalogue's phrase as it is, the value escaped.
        phrase = gettext(LEFT[kind]) % {"left": left}
        written = _times_left[key] = SafeString(phrase)  # nosec B703: the value escaped above
    return written


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    _deadlines.clear()
    _times_left.clear()
