"""The agenda edited on the visit's admin page: add, change or move, remove; no JavaScript."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import AgendaItemFactory, UserFactory, VisitFactory
from tests.visits.test_admin import change_url, item_data
from visits.models import AgendaItem, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated(visit):
    Visit.objects.filter(pk=visit.pk).update(starts_on=dt.date(2027, 3, 9),
                                             ends_on=dt.date(2027, 3, 11))  # fmt: skip
    visit.refresh_from_db()
    return visit


def test_an_item_is_added_from_the_page_and_shown_in_its_day(client, coordinator, dated):
    client.force_login(coordinator)
    response = client.post(change_url(dated), item_data(
        day="2027-03-10", starts_at="09:00", ends_at="10:00", title="Job centre", kind="meeting",
        place="Rua Augusta",
    ))  # fmt: skip
    item = dated.agenda.get()
    assert response.status_code == 302
    assert response["Location"] == f"{change_url(dated)}#item-{item.pk}"
    page = client.get(change_url(dated)).content.decode()
    day = page.index('id="day-20270310"')
    assert day < page.index(f'id="item-{item.pk}"') < page.index('id="day-20270311"')
    assert "09:00–10:00 Lisbon time (WET)" in page


def test_a_bad_item_comes_back_beside_its_fields_with_what_was_typed(client, coordinator, dated):
    client.force_login(coordinator)
    response = client.post(change_url(dated), item_data(
        day="2027-03-10", starts_at="11:00", ends_at="10:00", title="Typed title", kind="meeting",
    ))  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "An item ends after it starts." in page
    assert 'value="Typed title"' in page and 'value="11:00"' in page
    assert not dated.agenda.exists()


def test_an_item_is_moved_to_another_day_then_removed(client, coordinator, dated):
    item = dated.agenda.create(day=dt.date(2027, 3, 9), starts_at=dt.time(9),
                               ends_at=dt.time(10), title="Welcome", kind="meeting")  # fmt: skip
    client.force_login(coordinator)
    form = client.get(f"{change_url(dated)}?edit={item.pk}").content.decode()
    assert f'name="item{item.pk}-title"' in form and 'value="Welcome"' in form
    client.post(change_url(dated), item_data(
        f"item{item.pk}", item, day="2027-03-11", starts_at="08:00", ends_at="09:00",
        title="Welcome", kind="meeting", seen_revision=str(item.revision),
    ))  # fmt: skip
    item.refresh_from_db()
    assert (item.day, item.starts_at) == (dt.date(2027, 3, 11), dt.time(8))
    response = client.post(change_url(dated), {"agenda_action": "remove", "item_id": item.pk})
    assert response.status_code == 302
    assert not dated.agenda.exists()


def test_only_a_coordinator_changes_the_agenda(client, dated):
    item = dated.agenda.create(day=dt.date(2027, 3, 9), starts_at=dt.time(9),
                               ends_at=dt.time(10), title="Welcome", kind="meeting")  # fmt: skip
    client.force_login(UserFactory(roles=["reviewer"], is_staff=True))
    response = client.post(change_url(dated), {"agenda_action": "remove", "item_id": item.pk})
    assert response.status_code in (403, 302)
    assert dated.agenda.filter(pk=item.pk).exists()


def test_an_item_of_another_visit_is_not_found(client, coordinator, dated):
    other = AgendaItemFactory(visit=VisitFactory())
    client.force_login(coordinator)
    response = client.post(change_url(dated), {"agenda_action": "remove", "item_id": other.pk})
    assert response.status_code == 404
    assert AgendaItem.objects.filter(pk=other.pk).exists()


def test_each_problem_is_listed_once_and_cancelling_stands_apart(client, coordinator, visit):
    # Both days outside the window give one message, listed once.
    Visit.objects.filter(pk=visit.pk).update(starts_on=dt.date(2027, 7, 1),
                                             ends_on=dt.date(2027, 7, 3))  # fmt: skip
    client.force_login(coordinator)
    page = client.get(change_url(visit)).content.decode()
    assert page.count("Visits take place between 1 January 2027 and 30 June 2027") == 1
    danger = page.index('class="visit-danger"')
    assert page.index(reverse("admin:visits_cancel", args=[visit.pk])) > danger
    assert page.count(reverse("admin:visits_cancel", args=[visit.pk])) == 1
    # The admin's clock shortcuts (and their "behind server time" notes) are not on the page.
    assert "DateTimeShortcuts" not in page and "timezonewarning" not in page
