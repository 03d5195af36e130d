import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.factories import UserFactory, VisitFactory
from tests.visits.conftest import champion, expert, plan
from visits.models import Visit
from visits.services import confirm_visit, set_team, submit_feedback

pytestmark = pytest.mark.django_db


def change_url(visit):
    return reverse("admin:visits_visit_change", args=[visit.pk])


def admin_urls(visit):
    return [
        reverse("admin:visits_visit_changelist"),
        change_url(visit),
        reverse("admin:visits_team", args=[visit.pk]),
        reverse("admin:visits_cancel", args=[visit.pk]),
        reverse("admin:visits_feedback_summary", args=[visit.application.call_id]),
    ]


def item_data(prefix="new", item=None, **values):
    """One agenda item's form on the visit's page (a new one, or ``item``)."""
    data = {
        "agenda_action": "save",
        **{f"{prefix}-{name}": value for name, value in values.items()},
    }
    if item is not None:
        data["item_id"] = str(item.pk)
    return data


def visit_form(**values):
    """The change form's data: the dates and the two inlines' management forms."""
    data = {"starts_on": "", "ends_on": "", "_continue": "1"}
    for prefix in ("sessions", "agenda"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(values)
    return data


def test_coordinator_reaches_every_planning_page(client, coordinator, visit):
    client.force_login(coordinator)
    for url in admin_urls(visit):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["reviewer", "champion", "expert", "applicant", None])
def test_nobody_else_reaches_the_planning_pages(client, visit, role):
    if role:
        client.force_login(UserFactory(roles=[role], is_staff=role == "reviewer"))
    for url in admin_urls(visit):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert "login" in response["Location"]
    client.post(reverse("admin:visits_state", args=[visit.pk]), {"state": "cancelled"})
    visit.refresh_from_db()
    assert visit.state == Visit.State.PLANNING


def test_team_page_suggests_pairs_and_saves_the_chosen_team(client, coordinator, visit, labour):
    madrid, bonn = champion("Lucía", "Madrid", [labour]), champion("Jonas", "Bonn", [labour])
    network, partner = expert(), expert()
    client.force_login(coordinator)
    team_url = reverse("admin:visits_team", args=[visit.pk])
    page = client.get(team_url).content.decode()
    assert "Lucía (Madrid)" in page and "Use this pair" in page

    response = client.post(
        team_url,
        {
            "first_champion": madrid.pk,
            "second_champion": bonn.pk,
            "network_expert": network.pk,
            "partner_expert": partner.pk,
        },
    )
    assert response.status_code == 302
    assert {m.champion_id or m.user_id for m in visit.team.all()} == {
        madrid.pk,
        bonn.pk,
        network.pk,
        partner.pk,
    }


def test_team_page_says_when_no_champion_fits_and_refuses_a_bad_team(
    client, coordinator, visit, labour, housing
):
    local = champion("Local", "Porto", [labour])
    other = champion("Away", "Vienna", [housing])
    client.force_login(coordinator)
    team_url = reverse("admin:visits_team", args=[visit.pk])
    assert "No pair of available champions fits this city" in client.get(team_url).content.decode()

    response = client.post(team_url, {"first_champion": local.pk, "second_champion": other.pk})
    assert response.status_code == 400
    assert "comes from Porto, the host city" in response.content.decode()
    assert visit.team.count() == 0


def test_dates_outside_the_window_are_refused_next_to_the_field(client, coordinator, visit):
    client.force_login(coordinator)
    response = client.post(change_url(visit), visit_form(starts_on="2027-07-01"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Visits take place between 1 January 2027 and 30 June 2027" in page
    assert 'value="2027-07-01"' in page
    visit.refresh_from_db()
    assert visit.starts_on is None


def test_coordinator_plans_dates_sessions_and_agenda_then_confirms(
    client, coordinator, visit, labour
):
    set_team(
        visit,
        [champion("A", "Madrid", [labour]), champion("B", "Bonn", [labour])],
        expert(),
        expert(),
        actor=coordinator,
    )
    client.force_login(coordinator)
    data = visit_form(
        starts_on="2027-03-09",
        **{
            "sessions-TOTAL_FORMS": "1",
            "sessions-0-starts_at_0": "2027-02-15",
            "sessions-0-starts_at_1": "10:00",
            "sessions-0-duration": "90",
            "sessions-0-topic": "Kick-off",
            "sessions-0-video_link": "https://video.example.org/k",
        },
    )
    client.post(change_url(visit), data, follow=True)
    for title, start, end, kind in (("Welcome", "14:00", "16:00", "meeting"),
                                    ("Walk", "15:00", "17:00", "site_visit")):  # fmt: skip
        response = client.post(change_url(visit), item_data(
            day="2027-03-09", starts_at=start, ends_at=end, title=title, kind=kind
        ), follow=True)  # fmt: skip
    page = response.content.decode()
    visit.refresh_from_db()
    assert visit.ends_on == dt.date(2027, 3, 11)
    assert "“Welcome” and “Walk” overlap on 9 March 2027." in page
    assert "The last day must end with the reflections session" in page
    session = visit.sessions.get()
    # Typed as 10:00 in Porto, on Lisbon's clock (WET, UTC+0 in February): 10:00 UTC.
    assert session.starts_at == dt.datetime(2027, 2, 15, 10, 0, tzinfo=dt.UTC)

    state_url = reverse("admin:visits_state", args=[visit.pk])
    refused = client.post(state_url, {"state": "confirmed"}, follow=True).content.decode()
    assert "The last day must end with the reflections session" in refused
    visit.agenda.create(
        day=dt.date(2027, 3, 11),
        starts_at=dt.time(9),
        ends_at=dt.time(11),
        title="Reflections",
        kind="reflection",
    )
    confirmed = client.post(state_url, {"state": "confirmed"}, follow=True).content.decode()
    assert "The visit is now: Confirmed." in confirmed
    visit.refresh_from_db()
    assert visit.state == Visit.State.CONFIRMED
    assert 'name="starts_on"' not in confirmed  # dates are fixed while confirmed


def test_feedback_answers_per_visit_and_summary_per_call(client, coordinator, planned, labour):
    confirm_visit(planned, actor=coordinator)
    other = VisitFactory(
        application__call=planned.application.call, application__number=2, application__city="Graz"
    )
    with time_machine.travel(dt.datetime(2027, 3, 12, 9, 0, tzinfo=dt.UTC)):
        submit_feedback(
            planned,
            by=planned.application.applicant,
            insights=5,
            energised=3,
            connections=4,
            most_useful="The job centre",
            next_steps="A pilot",
        )
    client.force_login(coordinator)
    summary = client.get(
        reverse("admin:visits_feedback_summary", args=[planned.application.call_id])
    ).content.decode()
    assert "1 questionnaire answered. Visits of this call: 2." in summary
    assert "The job centre" in summary and "Not answered yet." in summary
    assert other.application.city in summary
    assert "The job centre" in client.get(change_url(planned)).content.decode()


@pytest.mark.parametrize("count", [1, 10])
def test_visit_list_query_count_does_not_grow(
    client, coordinator, labour, django_assert_num_queries, count
):
    for n in range(count):
        plan(VisitFactory(application__city=f"City {n}"), [labour])
    client.force_login(coordinator)
    with django_assert_num_queries(10):
        response = client.get(reverse("admin:visits_visit_changelist"))
    assert response.content.decode().count("Lucía Ortega") == count


def test_second_coordinator_saving_an_old_agenda_row_is_refused(client, coordinator, visit):
    Visit.objects.filter(pk=visit.pk).update(starts_on=dt.date(2027, 3, 9),
                                             ends_on=dt.date(2027, 3, 11))  # fmt: skip
    item = visit.agenda.create(day=dt.date(2027, 3, 9), starts_at=dt.time(9),
                               ends_at=dt.time(10), title="Welcome", kind="meeting")  # fmt: skip
    seen = item.revision
    item.title = "Welcome at city hall"  # the other coordinator's save
    item.save()
    client.force_login(coordinator)
    data = item_data(
        f"item{item.pk}", item, day="2027-03-09", starts_at="09:00", ends_at="10:30",
        title="Welcome", kind="meeting", seen_revision=str(seen),
    )  # fmt: skip
    response = client.post(change_url(visit), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Someone else changed this while you were editing it" in page
    assert 'value="10:30"' in page  # what was typed is still there
    item.refresh_from_db()
    assert (item.title, item.ends_at) == ("Welcome at city hall", dt.time(10))


def test_cancelling_is_asked_for_on_a_confirmation_page(client, coordinator, planned):
    client.force_login(coordinator)
    cancel_url = reverse("admin:visits_cancel", args=[planned.pk])

    change_page = client.get(change_url(planned)).content.decode()
    assert f'href="{cancel_url}" class="deletelink' in change_page
    assert 'name="state" value="cancelled"' not in change_page
    question = client.get(cancel_url).content.decode()
    planned.refresh_from_db()
    assert planned.state == Visit.State.PLANNING
    assert "Are you sure you want to cancel it?" in question
    assert 'name="state" value="cancelled"' in question

    client.post(reverse("admin:visits_state", args=[planned.pk]), {"state": "cancelled"})
    planned.refresh_from_db()
    assert planned.state == Visit.State.CANCELLED
    assert client.get(cancel_url)["Location"] == change_url(planned)
