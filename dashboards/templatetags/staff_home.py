"""``{% staff_home as work %}``: the signed-in person's work, for the admin index."""

from django import template

from ..home import StaffHome
from ..home import staff_home as work_of

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_home(context) -> StaffHome:
    return work_of(context["request"].user)
