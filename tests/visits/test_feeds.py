"""A person's own calendar feed: all their visits, stable UIDs, rising SEQUENCE, cancelled."""

import datetime as dt

import icalendar
import pytest
import time_machine
from django.urls import reverse

from tests.factories import AgendaItemFactory, ApplicationFactory, VisitFactory, submitted
from tests.visits.conftest import champion
from visits.models import CalendarFeed, TeamMember
from visits.services import cancel_visit, confirm_visit, schedule_visit, set_team

pytestmark = pytest.mark.django_db


def feed(client, user) -> dict[str, icalendar.Event]:
    response = client.get(reverse("visits:calendar", args=[CalendarFeed.objects.of(user).token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def second_visit(call, labour, member_champion, coordinator):
    """A Helsinki visit in May with the same first champion."""
    application = ApplicationFactory(call=call, city="Helsinki", country="FI", themes=[labour])
    visit = VisitFactory(application=submitted(application, number=2))
    other = champion("Ana", "Sevilla", [labour])
    set_team(visit, [member_champion, other], actor=coordinator)
    return schedule_visit(visit, dt.date(2027, 5, 4), actor=coordinator), other


def test_a_champions_feed_holds_all_their_visits_in_each_visits_zone(
    client, planned, call, labour, coordinator
):
    member = planned.team.filter(role=TeamMember.Role.CHAMPION).first().champion
    helsinki, other = second_visit(call, labour, member, coordinator)
    AgendaItemFactory(visit=helsinki, day=dt.date(2027, 5, 4), title="Helsinki welcome")
    events = feed(client, member.user)
    summaries = {str(event["summary"]): event for event in events.values()}
    assert {"Welcome at city hall", "Helsinki welcome"} <= set(summaries)
    assert summaries["Welcome at city hall"]["dtstart"].params["TZID"] == "Europe/Lisbon"
    assert summaries["Helsinki welcome"]["dtstart"].params["TZID"] == "Europe/Helsinki"

    theirs = {str(event["summary"]) for event in feed(client, other.user).values()}
    assert "Helsinki welcome" in theirs and "Welcome at city hall" not in theirs


def test_feed_after_a_change_and_a_cancellation(client, planned, coordinator):
    host = planned.application.applicant
    before = feed(client, host)
    confirm_visit(planned, actor=coordinator)
    item = planned.agenda.get(title="Job centre visit")
    item.starts_at = dt.time(9, 30)
    item.save()
    changed = feed(client, host)
    assert set(changed) == set(before)
    for uid in before:
        assert changed[uid]["sequence"] > before[uid]["sequence"]
    assert {str(event["status"]) for event in changed.values()} == {"CONFIRMED"}

    cancel_visit(planned, actor=coordinator)
    cancelled = feed(client, host)
    assert set(cancelled) == set(before)  # still there, so calendars remove them
    assert {str(event["status"]) for event in cancelled.values()} == {"CANCELLED"}
    for uid in before:
        assert cancelled[uid]["sequence"] > changed[uid]["sequence"]


def test_someone_with_no_visit_has_an_empty_feed_and_a_guess_is_404(client, planned, labour):
    stranger = champion("Elsewhere", "Lyon", [labour]).user
    assert feed(client, stranger) == {}
    assert client.get(reverse("visits:calendar", args=["x" * 43])).status_code == 404


def test_a_renewed_feed_answers_404_at_the_old_address(client, planned):
    host = planned.application.applicant
    feed_row = CalendarFeed.objects.of(host)
    old = feed_row.token
    feed_row.renew()
    assert client.get(reverse("visits:calendar", args=[old])).status_code == 404
    assert feed(client, host)


def test_my_visits_shows_upcoming_then_past_visits_and_the_renewal(client, planned):
    host = planned.application.applicant
    client.force_login(host)
    page = client.get(reverse("visits:mine")).content.decode()
    assert "Upcoming visits" in page and "Past visits" not in page and "Porto" in page
    assert CalendarFeed.objects.of(host).token in page
    assert reverse("visits:renew_calendar") in page
    with time_machine.travel(dt.datetime(2027, 4, 1, 9, tzinfo=dt.UTC)):
        client.force_login(host)
        page = client.get(reverse("visits:mine")).content.decode()
    assert "Upcoming visits" not in page and "Past visits" in page and "Porto" in page
