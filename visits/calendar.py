"""Visits' programmes as iCalendar: a person's feed (all their visits) and one visit's file.

Each event keeps its UID for good, and its SEQUENCE (the event's revision plus the visit's) and
LAST-MODIFIED follow each change, so a subscribed calendar updates the event instead of adding a
second one; a cancelled visit's events stay, as STATUS:CANCELLED, so calendars remove them.
Agenda times are the visit's wall-clock times in the host city's zone, written with their TZID
and that zone's VTIMEZONE.
"""

import datetime as dt
from urllib.parse import urlparse

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import AgendaItem, PreparationSession, Visit
from .programme import Programme, programme_of, programmes_of

STATUS = {
    Visit.State.PLANNING: "TENTATIVE",
    Visit.State.CONFIRMED: "CONFIRMED",
    Visit.State.DONE: "CONFIRMED",
    Visit.State.CANCELLED: "CANCELLED",
}


def _uid(kind: str, pk: int) -> str:
    host = urlparse(settings.SITE_URL).hostname or "citieshelpingcities.example.org"
    return f"{kind}-{pk}@{host}"


def _calendar(name: str, zone_name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Cities Helping Cities//Visits//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone_name)
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    return calendar


def _add_programme(calendar: Calendar, programme: Programme) -> None:
    for item in programme.items:
        calendar.add_component(_item_event(programme.visit, item))
    for session in programme.sessions:
        calendar.add_component(_session_event(programme.visit, session))


def render_calendar(programme: Programme) -> bytes:
    """One visit's programme, as attached to the e-mails that tell the team what changed."""
    visit = programme.visit
    calendar = _calendar(_("Visit to %(city)s") % {"city": visit.application.city},
                         visit.time_zone)  # fmt: skip
    _add_programme(calendar, programme)
    calendar.add_missing_timezones()  # a VTIMEZONE for each TZID the events use
    return calendar.to_ical()


def render_visit_calendar(visit_id: int) -> bytes:
    visit = Visit.objects.select_related("application__call").get(pk=visit_id)
    return render_calendar(programme_of(visit))


def render_feed(user, zone_name: str) -> bytes:
    """Every visit and session of a person: the ones they host or are on the team of."""
    calendar = _calendar(_("My peer-support visits"), zone_name)
    visits = Visit.objects.involving(user).select_related("application__call").order_by("pk")
    for programme in programmes_of(visits):
        _add_programme(calendar, programme)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(visit: Visit, uid: str, revised, summary: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("sequence", revised.revision + visit.revision)
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
