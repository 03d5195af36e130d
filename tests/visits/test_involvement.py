"""The menu's "My visits": shown to whoever is on a visit's team or hosts one, right after a team
changes, and known without a query once worked out."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from tests.visits.conftest import champion
from visits.involvement import GENERATION_KEY, is_involved
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


@pytest.fixture
def kept_rows(settings):
    """Production with a shared cache: the person's row and the answer read in one round trip."""
    settings.SIGNED_IN_USER_SECONDS = 300


def test_with_the_persons_kept_row_a_team_change_still_shows_on_the_next_page(
    client, visit, labour, coordinator, kept_rows
):
    first = champion("Lucía", "Madrid", [labour])
    assert not shows_my_visits(client, first.user)
    assert not shows_my_visits(client, first.user)  # the row and the answer are kept now
    second, third = champion("Jonas", "Dortmund", [labour]), champion("Ana", "Sevilla", [labour])
    set_team(visit, [first, second], actor=coordinator)
    assert shows_my_visits(client, first.user)
    set_team(visit, [third, second], actor=coordinator)
    assert not shows_my_visits(client, first.user)


def test_the_answer_comes_with_the_persons_row_in_one_round_trip(
    client, visit, kept_rows, monkeypatch
):
    host = visit.application.applicant
    assert shows_my_visits(client, host)  # worked out and kept
    backend, asked, inside = caches["default"], [], []
    for name in ("get", "get_many"):
        monkeypatch.setattr(backend, name, counted(getattr(backend, name), name, asked, inside))
    page = client.get(reverse("people:accessibility")).content.decode()
    assert f'href="{reverse("visits:mine")}"' in page
    keys = [f"people:signed-in:{host.pk}", GENERATION_KEY, f"visits:involved:{host.pk}"]
    assert asked == [("get_many", keys)]


def counted(method, name, asked, inside):
    """``method``, each call from outside the cache noted (locmem's get_many calls get)."""

    def call(*args, **kwargs):
        if not inside:
            asked.append((name, args[0]))
        inside.append(name)
        try:
            return method(*args, **kwargs)
        finally:
            inside.pop()

    return call
