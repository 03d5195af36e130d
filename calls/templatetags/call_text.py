from django import template
from django.utils import timezone

from calls.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    return render_markdown(text)


@register.filter
def in_zone(value, call):
    """The instant ``value`` in ``call``'s own time zone."""
    return timezone.localtime(value, call.zone) if value else value
