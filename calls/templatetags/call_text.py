from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.templatetags.tz import do_timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from calls.markdown import render_markdown

register = template.Library()

# (language, deadline, time zone) -> the deadline as calls/_deadline.html writes it. Emptied
# when full, and when a setting changes (a test's languages or formats).
_deadlines: dict[tuple, SafeString] = {}
_MAX_DEADLINES = 512


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


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    _deadlines.clear()
