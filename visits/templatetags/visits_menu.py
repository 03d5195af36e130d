from django import template

from visits.involvement import is_involved

register = template.Library()


@register.simple_tag(takes_context=True)
def has_visits(context) -> bool:
    """Whether the page's user is on a visit team or hosts a visit (no query when known)."""
    user = context.get("user")
    return user is not None and is_involved(user)
