import datetime as dt
import io

import icalendar
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reviews.models import Decision
from tests.factories import AgendaItemFactory, UserFactory, VisitFactory
from tests.visits.conftest import champion, plan
from visits.models import AgendaItem, CalendarFeed, Feedback, Visit
from visits.services import confirm_visit, set_team

pytestmark = pytest.mark.django_db

AFTER_THE_VISIT = dt.datetime(2027, 3, 12, 9, 0, tzinfo=dt.UTC)


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def url(name, visit):
    return reverse(f"visits:{name}", args=[visit.pk])


def people(visit, labour) -> dict:
    """Everyone the permission matrix asks about; the visit is planned with its team."""
    members = {member.role: member for member in visit.team.select_related("champion", "user")}
    return {
        "coordinator": UserFactory(roles=["coordinator"], is_staff=True),
        "host": visit.application.applicant,
        "champion": members["champion"].champion.user,
        "expert": members["network_expert"].user,
        "other champion": champion("Elsewhere", "Lyon", [labour]).user,
        "applicant": UserFactory(roles=["applicant"]),
        "anonymous": None,
    }


SEES_THE_VISIT = {"coordinator", "host", "champion", "expert"}


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("detail", SEES_THE_VISIT),
        ("agenda_pdf", SEES_THE_VISIT),
        ("proposal", {"host"}),
        ("feedback", {"host"}),
    ],
)
def test_permission_matrix_of_the_visit_pages(client, planned, labour, name, allowed):
    for role, user in people(planned, labour).items():
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url(name, planned))
        if role == "anonymous":
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("account_login"))
        else:
            assert response.status_code == (200 if role in allowed else 404), (name, role)
        if name in ("proposal", "feedback") and role not in allowed:
            assert client.post(url(name, planned), {"stakeholders": "x"}).status_code in (302, 404)
    planned.refresh_from_db()
    assert planned.stakeholders == ""


def test_my_visits_lists_only_the_users_own_visits(client, planned, labour):
    other = plan(VisitFactory(application__city="Graz"), [labour])
    roles = people(planned, labour)
    client.force_login(roles["champion"])
    page = client.get(reverse("visits:mine")).content.decode()
    assert "Porto" in page and "Graz" not in page
    client.force_login(roles["other champion"])
    page = client.get(reverse("visits:mine")).content.decode()
    assert "Porto" not in page and "You are not on any visit yet" in page
    client.force_login(other.application.applicant)
    page = client.get(reverse("visits:mine")).content.decode()
    assert "Upcoming visits" in page and "Graz" in page and "Porto" not in page
    assert "Host" in page


def test_menu_shows_my_visits_only_to_people_on_a_visit(client, planned, labour):
    roles = people(planned, labour)
    for role in ("champion", "expert", "host", "applicant", "other champion"):
        client.force_login(roles[role])
        page = client.get(reverse("calls:list")).content.decode()
        assert ("My visits" in page) == (role in {"champion", "expert", "host"}), role


def test_menu_follows_a_team_change_without_logging_in_again(client, visit, labour, coordinator):
    first = champion("A", "Madrid", [labour])
    client.force_login(first.user)
    assert "My visits" not in client.get(reverse("calls:list")).content.decode()
    set_team(visit, [first, champion("B", "Bonn", [labour])], actor=coordinator)
    assert "My visits" in client.get(reverse("calls:list")).content.decode()


def test_visit_page_shows_agenda_by_day_sessions_team_and_host_contacts(client, planned, labour):
    client.force_login(people(planned, labour)["champion"])
    page = client.get(url("detail", planned)).content.decode()
    for fact in [
        "Tuesday 9 March 2027",
        "Thursday 11 March 2027",
        "13:00–18:00",
        "Closing reflections",
        "Reflections session",
        "Employers&#x27; federation",
        "Skills check",
        "Getting to know the challenge",
        # The session was set for 10:00 in Brussels: 09:00 on Porto's clock, and the
        # champion (whose zone is the site's, Brussels) reads their own time beside it.
        "Monday 15 February 2027, 09:00 Lisbon time (WET)",
        "Your time: Monday 15 February 2027, 10:00 Brussels time (CET)",
        "13:00–18:00 Lisbon time (WET)",
        "Lucía Ortega",
        "Jonas Becker",
        "Olga Officer",
        planned.application.email,
        "How do we start?",
        "All times are Lisbon time (WET), the host city",
    ]:
        assert fact in page, fact
    assert page.index("Welcome at city hall") < page.index("Closing reflections")


def test_host_reaches_the_visit_from_my_applications_once_selected(client, planned, coordinator):
    application, call = planned.application, planned.application.call
    Decision.objects.create(
        application=application,
        call=call,
        outcome="selected",
        rationale="Concrete",
        decided_by=coordinator,
    )
    call.decisions_released_at = timezone.now()
    call.save()
    client.force_login(application.applicant)
    page = client.get(reverse("applications:mine")).content.decode()
    assert reverse("visits:hosted", args=[call.slug]) in page
    response = client.get(reverse("visits:hosted", args=[call.slug]))
    assert response["Location"] == url("detail", planned)
    client.force_login(UserFactory())
    assert client.get(reverse("visits:hosted", args=[call.slug])).status_code == 404


def test_host_proposes_stakeholders_and_keeps_input_when_refused(client, planned):
    client.force_login(planned.application.applicant)
    data = {"stakeholders": "Employers' federation\nRefugee council", "feedback_subject": "Jobs"}
    response = client.post(url("proposal", planned), data)
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.stakeholders == "Employers' federation\nRefugee council"

    Visit.objects.filter(pk=planned.pk).update(state=Visit.State.DONE)
    refused = client.post(url("proposal", planned), {**data, "feedback_subject": "Typed later"})
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "This visit is closed" in page and "Typed later" in page


def test_feedback_questionnaire_opens_after_the_visit(client, planned, coordinator):
    confirm_visit(planned, actor=coordinator)
    client.force_login(planned.application.applicant)
    data = {
        "insights": "5",
        "energised": "4",
        "connections": "4",
        "most_useful": "Site visit",
        "next_steps": "A pilot",
    }
    before = client.get(url("feedback", planned)).content.decode()
    assert "opens the day after the visit, on 12 March 2027" in before
    assert client.post(url("feedback", planned), data).status_code == 409
    assert not Feedback.objects.exists()

    with time_machine.travel(AFTER_THE_VISIT):
        client.force_login(planned.application.applicant)  # the earlier session has expired
        missing = client.post(url("feedback", planned), {**data, "connections": ""})
        assert missing.status_code == 400
        assert "This field is required." in missing.content.decode()
        assert "A pilot" in missing.content.decode()
        assert client.post(url("feedback", planned), data).status_code == 302
        page = client.get(url("feedback", planned)).content.decode()
    assert "you answered the questionnaire" in page and "A pilot" in page
    assert Feedback.objects.get().energised == 4


def test_agenda_pdf_holds_the_programme(client, planned, labour):
    client.force_login(people(planned, labour)["expert"])
    response = client.get(url("agenda_pdf", planned))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="agenda-porto.pdf"' in response["Content-Disposition"]
    text = " ".join(pdf_text(response.content).split())
    for fact in [
        "Agenda of the visit to Porto",
        "Tuesday 9 March 2027",
        "Closing reflections",
        "Reflections session",
        "Job centre visit",
        "Lucía Ortega",
        "Olga Officer",
        "Getting to know the challenge",
        "Lisbon time (WET), the host city's clock",
        "13:00–18:00 Lisbon time (WET)",
    ]:
        assert fact in text, fact
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == "Agenda of the visit to Porto"


def feed_token(user) -> str:
    return CalendarFeed.objects.of(user).token


def calendar_of(client, user) -> icalendar.Calendar:
    response = client.get(reverse("visits:calendar", args=[feed_token(user)]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_calendar_feed_needs_only_the_token_and_gives_local_times(client, planned):
    calendar = calendar_of(client, planned.application.applicant)

    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {
        "Welcome at city hall",
        "Job centre visit",
        "Closing reflections",
        "Preparation: Getting to know the challenge",
    }
    reflections = events["Closing reflections"]
    assert reflections["dtstart"].params["TZID"] == "Europe/Lisbon"
    start = reflections.decoded("dtstart")
    assert (start.date(), start.hour, str(start.tzinfo)) == (
        dt.date(2027, 3, 11),
        9,
        "Europe/Lisbon",
    )
    assert reflections.decoded("dtend").hour == 11
    assert str(reflections["location"]) == "Mayor's office"
    session = events["Preparation: Getting to know the challenge"]
    assert session.decoded("dtstart").hour == 9  # 10:00 in Brussels
    assert str(session["location"]) == "https://video.example.org/room"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Lisbon"]
    assert str(reflections["status"]) == "TENTATIVE"


def test_calendar_follows_agenda_changes_with_stable_uids(client, planned, coordinator):
    host = planned.application.applicant
    before = {str(e["uid"]): e for e in calendar_of(client, host).walk("VEVENT")}
    item = planned.agenda.get(title="Job centre visit")
    item.starts_at = dt.time(10)
    item.save()
    confirm_visit(planned, actor=coordinator)

    after = {str(e["uid"]): e for e in calendar_of(client, host).walk("VEVENT")}

    assert set(after) == set(before)
    changed = next(uid for uid, event in after.items() if event["summary"] == "Job centre visit")
    assert after[changed].decoded("dtstart").hour == 10
    # The item changed once, and the visit's state once: every event moved on with the visit.
    assert after[changed]["sequence"] == before[changed]["sequence"] + 2
    assert all(after[uid]["sequence"] > before[uid]["sequence"] for uid in after)
    assert after[changed].decoded("last-modified") >= before[changed].decoded("last-modified")
    assert {str(event["status"]) for event in after.values()} == {"CONFIRMED"}


def test_renewed_calendar_address_revokes_the_old_one(client, planned):
    host = planned.application.applicant
    old = feed_token(host)
    client.force_login(host)
    response = client.post(reverse("visits:renew_calendar"))
    assert response.status_code == 302
    assert client.get(reverse("visits:calendar", args=[old])).status_code == 404
    assert feed_token(host) != old
    assert calendar_of(client, host).walk("VEVENT")
    assert client.get(reverse("visits:renew_calendar")).status_code == 405


def test_wrong_calendar_token_gives_404(client, planned):
    assert client.get(reverse("visits:calendar", args=["guessed"])).status_code == 404


# --- Bounded queries


@pytest.mark.parametrize("count", [1, 8])
def test_my_visits_query_count_does_not_grow(
    client, labour, coordinator, django_assert_num_queries, count
):
    member = UserFactory(roles=["expert"])
    for n in range(count):
        visit = VisitFactory(application__city=f"City {n}")
        set_team(
            visit,
            [champion(f"A{n}", "Madrid", [labour]), champion(f"B{n}", "Bonn", [labour])],
            member,
            actor=coordinator,
        )
    client.force_login(member)
    # The person's calendar feed is made on their first visit to the page, and the session
    # remembers their verified e-mail: counted on the next visit.
    client.get(reverse("visits:mine"))
    with django_assert_num_queries(5):
        response = client.get(reverse("visits:mine"))
    assert response.content.decode().count("City ") == count


@pytest.mark.parametrize("count", [1, 12])
def test_visit_page_query_count_does_not_grow(
    client, planned, labour, django_assert_num_queries, count
):
    for n in range(count):
        AgendaItemFactory(
            visit=planned,
            day=planned.ends_on,
            starts_at=dt.time(12),
            ends_at=dt.time(13),
            kind=AgendaItem.Kind.MEAL,
            title=f"Lunch {n}",
        )
    client.force_login(people(planned, labour)["champion"])
    # The page names the person's calendar feed (made on the first visit) and their zone (1);
    # the session remembers their verified e-mail after the first visit: counted on the next.
    client.get(url("detail", planned))
    with django_assert_num_queries(10):
        client.get(url("detail", planned))
