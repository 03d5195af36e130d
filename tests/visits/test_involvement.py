"""The menu's "My visits": shown to whoever is on a visit's team or hosts one, right after a team
changes, and known without a query once worked out."""

import pytest
from django.urls import reverse

from tests.visits.conftest import champion
from visits.involvement import is_involved
from visits.services import set_team

pytestmark = pytest.mark.django_db


def shows_my_visits(client, user) -> bool:
    client.force_login(user)
    page = client.get(reverse("people:accessibility")).content.decode()
    return f'href="{reverse("visits:mine")}"' in page


def test_joining_and_leaving_a_team_shows_and_hides_my_visits_on_the_next_page(
    client, visit, labour, coordinator
):
    first, second = champion("Lucía", "Madrid", [labour]), champion("Jonas", "Dortmund", [labour])
    assert not shows_my_visits(client, first.user)
    set_team(visit, [first, second], actor=coordinator)
    assert shows_my_visits(client, first.user)
    third = champion("Ana", "Sevilla", [labour])
    set_team(visit, [third, second], actor=coordinator)
    assert not shows_my_visits(client, first.user)
    assert shows_my_visits(client, third.user)


def test_the_host_sees_my_visits(client, visit):
    assert shows_my_visits(client, visit.application.applicant)


def test_a_known_answer_costs_no_query(visit, django_assert_num_queries):
    host = visit.application.applicant
    with django_assert_num_queries(1):
        assert is_involved(host)
    with django_assert_num_queries(0):
        assert is_involved(host)
