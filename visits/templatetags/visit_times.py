"""Times of a visit, each with its zone: "14:00–15:30 Lisbon time (WET)".

``{% load visit_times %}`` then ``{{ item|agenda_time:visit }}`` for an agenda item (wall-clock
times of the visit's zone), ``{{ moment|visit_moment:visit }}`` for an instant (a preparation
session) in the visit's zone, ``{{ moment|viewer_moment:zone }}`` for the same in the viewer's.
"""

import datetime as dt

from django import template
from django.utils.translation import gettext as _

from consolidate.templatetags.formats import clock, long_day
from visits.zones import zone_label

register = template.Library()


@register.filter
def agenda_time(item, visit) -> str:
    start = item.local_start(visit.zone)
    end = item.local_end(visit.zone)
    span = f"{clock(start, visit.zone, False)}–{clock(end, visit.zone, False)}"
    return f"{span} {zone_label(visit.zone, start)}"


def _moment(value: dt.datetime, zone) -> str:
    local = value.astimezone(zone)
    return f"{long_day(local.date())}, {clock(local, zone, False)} {zone_label(zone, local)}"


@register.filter
def visit_moment(value, visit) -> str:
    """An instant in the visit's zone: "Monday 15 February 2027, 10:00 Lisbon time (WET)"."""
    return _moment(value, visit.zone) if value else "—"


@register.filter
def viewer_moment(value, zone) -> str:
    return _moment(value, zone) if value else "—"


@register.filter
def same_clock(zone, visit) -> bool:
    """Whether the viewer's zone is the visit's (then one time is enough)."""
    return str(zone) == str(visit.zone)


@register.simple_tag
def zone_note(visit) -> str:
    """The sentence above an agenda: which clock its times are on."""
    return _("All times are %(zone)s, the host city's clock.") % {
        "zone": zone_label(visit.zone, _first_moment(visit)),
    }


def _first_moment(visit) -> dt.datetime | None:
    if not visit.starts_on:
        return None
    return dt.datetime.combine(visit.starts_on, dt.time(12), tzinfo=visit.zone)
