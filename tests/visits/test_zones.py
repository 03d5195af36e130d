"""Each visit runs on its host city's clock: typed, stored, shown, printed and exported in it."""

import datetime as dt
import re
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from people.preferences import remember
from tests.factories import AgendaItemFactory, ApplicationFactory, VisitFactory, submitted
from tests.visits.test_admin import change_url, item_data, visit_form
from visits.calendar import render_visit_calendar
from visits.models import AgendaItem, Visit
from visits.services import agenda_warnings, schedule_visit
from visits.zones import zone_label, zones_of

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def visit_to(call, city, country) -> Visit:
    application = ApplicationFactory(call=call, city=city, country=country)
    return VisitFactory(application=submitted(application, number=1))


@pytest.mark.parametrize(
    ("city", "country", "zone", "utc_hour", "label"),
    [
        ("Lisbon", "PT", "Europe/Lisbon", 14, "Lisbon time (WET)"),
        ("Helsinki", "FI", "Europe/Helsinki", 12, "Helsinki time (EET)"),
        ("Brussels", "BE", "Europe/Brussels", 13, "Brussels time (CET)"),
    ],
)
def test_time_typed_in_the_admin_is_the_host_citys_local_time(
    client, coordinator, call, city, country, zone, utc_hour, label
):
    visit = visit_to(call, city, country)
    assert visit.time_zone == zone
    client.force_login(coordinator)
    data = visit_form(
        starts_on="2027-03-09",
        **{
            "sessions-TOTAL_FORMS": "1",
            "sessions-0-starts_at_0": "2027-02-15",
            "sessions-0-starts_at_1": "14:00",
            "sessions-0-duration": "60",
            "sessions-0-topic": "Kick-off",
        },
    )
    client.post(change_url(visit), data, follow=True)
    item = item_data(
        day="2027-03-09", starts_at="14:00", ends_at="15:00", title="Welcome", kind="meeting"
    )
    client.post(change_url(visit), item)
    visit.refresh_from_db()
    item = visit.agenda.get()
    # The instant it stands for, and the session's stored instant, are the right UTC moments.
    assert item.local_start(visit.zone).astimezone(UTC) == dt.datetime(
        2027, 3, 9, utc_hour, tzinfo=UTC
    )
    assert visit.sessions.get().starts_at == dt.datetime(2027, 2, 15, utc_hour, tzinfo=UTC)

    # Shown back as typed, with the zone beside it, on the admin page and the visit's page.
    admin_page = client.get(change_url(visit)).content.decode()
    assert re.search(r'name="sessions-0-starts_at_1" value="14:00"', admin_page)
    item_page = client.get(f"{change_url(visit)}?edit={item.pk}").content.decode()
    assert re.search(rf'name="item{item.pk}-starts_at" value="14:00"', item_page)
    assert f"14:00–15:00 {label}" in admin_page
    page = client.get(reverse("visits:detail", args=[visit.pk])).content.decode()
    assert f"14:00–15:00 {label}" in page
    assert f"Monday 15 February 2027, 14:00 {label}" in page

    calendar = icalendar.Calendar.from_ical(render_visit_calendar(visit.pk))
    event = next(e for e in calendar.walk("VEVENT") if str(e["summary"]) == "Welcome")
    assert event["dtstart"].params["TZID"] == zone
    assert event.decoded("dtstart").astimezone(UTC).hour == utc_hour
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == [zone]


def test_a_visit_across_lisbons_change_to_summer_time(client, coordinator, call):
    """Portugal moves its clocks on Sunday 28 March 2027: 10:00 on the Saturday is 10:00 UTC,
    10:00 on the Monday is 09:00 UTC, and each is shown with the abbreviation of its day."""
    visit = visit_to(call, "Lisbon", "PT")
    schedule_visit(visit, dt.date(2027, 3, 27), actor=coordinator)
    saturday = AgendaItemFactory(visit=visit, day=dt.date(2027, 3, 27), starts_at=dt.time(10),
                                 ends_at=dt.time(11), title="Arrival")  # fmt: skip
    monday = AgendaItemFactory(visit=visit, day=dt.date(2027, 3, 29), starts_at=dt.time(10),
                               ends_at=dt.time(11), title="Reflections",
                               kind=AgendaItem.Kind.REFLECTION)  # fmt: skip
    assert saturday.local_start(visit.zone).astimezone(UTC).hour == 10
    assert monday.local_start(visit.zone).astimezone(UTC).hour == 9

    client.force_login(coordinator)
    page = client.get(reverse("visits:detail", args=[visit.pk])).content.decode()
    assert "10:00–11:00 Lisbon time (WET)" in page
    assert "10:00–11:00 Lisbon time (WEST)" in page

    calendar = icalendar.Calendar.from_ical(render_visit_calendar(visit.pk))
    starts = {str(e["summary"]): e.decoded("dtstart") for e in calendar.walk("VEVENT")}
    assert starts["Arrival"].astimezone(UTC) == dt.datetime(2027, 3, 27, 10, tzinfo=UTC)
    assert starts["Reflections"].astimezone(UTC) == dt.datetime(2027, 3, 29, 9, tzinfo=UTC)
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert {part.name for part in vtimezone.subcomponents} >= {"STANDARD", "DAYLIGHT"}


def test_warnings_are_computed_on_the_local_clock(coordinator, call):
    """Two items at 09:00–10:00 and 09:30 local overlap in Helsinki whatever UTC says."""
    visit = schedule_visit(visit_to(call, "Helsinki", "FI"), dt.date(2027, 3, 9), actor=coordinator)
    for title, start, end in (("Breakfast", 9, 10), ("Mayor", 9, 11)):
        AgendaItemFactory(visit=visit, day=dt.date(2027, 3, 9), starts_at=dt.time(start),
                          ends_at=dt.time(end), title=title)  # fmt: skip
    AgendaItemFactory(visit=visit, day=dt.date(2027, 3, 12), title="Late")
    warnings = agenda_warnings(visit)
    assert "“Breakfast” and “Mayor” overlap on 9 March 2027." in warnings
    assert "“Late” on 12 March 2027 is outside the visit's dates." in warnings


def test_feedback_opens_at_midnight_in_helsinki_not_in_brussels(coordinator, call):
    visit = visit_to(call, "Helsinki", "FI")
    schedule_visit(visit, dt.date(2027, 3, 9), actor=coordinator)
    Visit.objects.filter(pk=visit.pk).update(state=Visit.State.DONE)
    visit.refresh_from_db()
    # 23:30 in Brussels on the last day is 00:30 the next day in Helsinki.
    just_after = dt.datetime(2027, 3, 11, 22, 30, tzinfo=UTC)
    assert not visit.feedback_refusal(just_after)
    assert visit.feedback_refusal(just_after - dt.timedelta(hours=1))


def test_a_country_with_islands_offers_their_zones(client, coordinator, call):
    visit = visit_to(call, "Ponta Delgada", "PT")
    assert zones_of("PT") == ("Europe/Lisbon", "Atlantic/Madeira", "Atlantic/Azores")
    client.force_login(coordinator)
    page = client.get(change_url(visit)).content.decode()
    assert '<option value="Atlantic/Azores">' in page
    client.post(change_url(visit), visit_form(time_zone="Atlantic/Azores"), follow=True)
    visit.refresh_from_db()
    assert visit.time_zone == "Atlantic/Azores"
    refused = client.post(change_url(visit), visit_form(time_zone="Europe/Paris"))
    assert "Select a valid choice" in refused.content.decode()


def test_sessions_are_shown_in_the_viewers_own_zone_too(client, planned):
    host = planned.application.applicant
    remember(host, time_zone="Europe/Helsinki")
    client.force_login(host)
    page = client.get(reverse("visits:detail", args=[planned.pk])).content.decode()
    # 10:00 in Brussels: 09:00 in Porto, 11:00 in Helsinki.
    assert "Monday 15 February 2027, 09:00 Lisbon time (WET)" in page
    assert "Your time: Monday 15 February 2027, 11:00 Helsinki time (EET)" in page


def test_the_viewers_time_is_left_out_when_it_is_the_visits(client, planned):
    host = planned.application.applicant
    remember(host, time_zone="Europe/Lisbon")
    client.force_login(host)
    page = client.get(reverse("visits:detail", args=[planned.pk])).content.decode()
    assert "Your time:" not in page


def test_zone_label_names_the_city_and_the_abbreviation_of_the_moment():
    lisbon = zoneinfo.ZoneInfo("Europe/Lisbon")
    assert zone_label(lisbon, dt.datetime(2027, 1, 5, tzinfo=UTC)) == "Lisbon time (WET)"
    assert zone_label(lisbon, dt.datetime(2027, 7, 5, tzinfo=UTC)) == "Lisbon time (WEST)"
