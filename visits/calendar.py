"""The visit's programme as an iCalendar feed that calendar apps subscribe to.

Each event keeps its UID for good, and its SEQUENCE and LAST-MODIFIED follow each change, so
a subscribed calendar updates the event instead of adding a second one. Agenda times are the
visit's wall-clock times, written with their TZID and the zone's VTIMEZONE.
"""

import datetime as dt
from urllib.parse import urlparse

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import AgendaItem, PreparationSession, Visit
from .programme import Programme

STATUS = {
    Visit.State.PLANNING: "TENTATIVE",
    Visit.State.CONFIRMED: "CONFIRMED",
    Visit.State.DONE: "CONFIRMED",
    Visit.State.CANCELLED: "CANCELLED",
}


def _uid(kind: str, pk: int) -> str:
    host = urlparse(settings.SITE_URL).hostname or "citieshelpingcities.example.org"
    return f"{kind}-{pk}@{host}"


def render_calendar(programme: Programme) -> bytes:
    visit = programme.visit
    calendar = Calendar()
    calendar.add("prodid", "-//Cities Helping Cities//Visits//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Visit to %(city)s") % {"city": visit.application.city})
    calendar.add("x-wr-timezone", visit.call.time_zone)
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for item in programme.items:
        calendar.add_component(_item_event(visit, item))
    for session in programme.sessions:
        calendar.add_component(_session_event(visit, session))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(visit: Visit, uid: str, revised, summary: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("sequence", revised.revision)
    event.add("last-modified", revised.updated_at)
    event.add("dtstamp", revised.updated_at)
    event.add("status", STATUS[visit.state])
    event.add("url", settings.SITE_URL.rstrip("/") + visit.get_absolute_url())
    return event


def _item_event(visit: Visit, item: AgendaItem) -> Event:
    event = _event(visit, _uid("agenda-item", item.pk), item, item.title)
    event.add("dtstart", item.local_start(visit.zone))
    event.add("dtend", item.local_end(visit.zone))
    event.add("categories", [item.get_kind_display()])
    if item.place:
        event.add("location", item.place)
    lines = [
        (_("Stakeholders met"), item.stakeholders),
        (_("Services visited"), item.services),
        (_("Notes"), item.notes),
    ]
    description = "\n".join(f"{label}: {text}" for label, text in lines if text)
    if description:
        event.add("description", description)
    return event


def _session_event(visit: Visit, session: PreparationSession) -> Event:
    summary = _("Preparation: %(topic)s") % {"topic": session.topic}
    event = _event(visit, _uid("preparation-session", session.pk), session, summary)
    event.add("dtstart", session.starts_at.astimezone(visit.zone))
    event.add("dtend", session.ends_at.astimezone(visit.zone))
    event.add("location", session.video_link or _("Online"))
    if session.attendees:
        event.add("description", _("Who attends: %(who)s") % {"who": session.attendees})
    return event
