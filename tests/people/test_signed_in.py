"""The signed-in person's row comes from the shared cache, and every change of it is seen."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/accessibility/"


@pytest.fixture(autouse=True)
def kept_rows(settings):
    """As in production with a shared cache; the test's cache is one process's, which is the
    shared one here."""
    settings.SIGNED_IN_USER_SECONDS = 300
    settings.SESSION_ENGINE = "people.sessions"


def user_queries(client, path=PAGE) -> tuple[int, object]:
    table = get_user_model()._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    read = sum(f'FROM "{table}"' in query["sql"] for query in queries.captured_queries)
    return read, response


def shown_email(response) -> bool:
    return response.wsgi_request.user.email


def test_the_row_is_read_once_then_kept(client):
    person = UserFactory()
    client.force_login(person)
    read, response = user_queries(client)
    assert read == 1 and response.wsgi_request.user == person
    read, response = user_queries(client)
    assert read == 0 and response.wsgi_request.user == person
    assert person.email in response.content.decode()


def test_without_the_setting_every_page_reads_the_row(client, settings):
    settings.SIGNED_IN_USER_SECONDS = 0
    client.force_login(UserFactory())
    assert [user_queries(client)[0] for _ in range(2)] == [1, 1]


def test_a_saved_change_is_on_the_next_page(client):
    person = UserFactory()
    client.force_login(person)
    user_queries(client)
    person.email = "new-address@city.example"
    person.save()
    read, response = user_queries(client)
    assert read == 1 and shown_email(response) == "new-address@city.example"


def deactivate(person):
    person.is_active = False
    person.save()


def new_password(person):
    person.set_password("a completely new password 42")
    person.save()


@pytest.mark.parametrize(
    "change", [deactivate, new_password, lambda person: person.delete()],
    ids=["deactivated", "new password", "deleted"],
)  # fmt: skip
def test_a_change_that_ends_the_session_signs_out_on_the_next_page(client, change):
    person = UserFactory()
    client.force_login(person)
    user_queries(client)  # the row is kept now
    change(person)
    _, response = user_queries(client)
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("_auth_user_hash", "not the hash of this password"),  # the kept row does not verify it
        ("_auth_user_backend", "somewhere.else.Backend"),  # not one of ours
    ],
)
def test_a_session_the_kept_row_cannot_serve_goes_to_django_which_ends_it(client, key, value):
    client.force_login(UserFactory())
    user_queries(client)  # the row is kept now
    session = client.session
    session[key] = value
    session.save()
    _, response = user_queries(client)
    assert not response.wsgi_request.user.is_authenticated


def test_the_kept_row_is_the_row_as_read_without_what_a_page_worked_out(client):
    """Kept before the page runs: a permission cache made on one page is not on the next."""
    person = UserFactory()
    client.force_login(person)
    _, response = user_queries(client)
    assert not response.wsgi_request.user.has_perm("applications.view_application")
    assert hasattr(response.wsgi_request.user._wrapped, "_perm_cache")
    kept = cache.get(f"people:signed-in:{person.pk}")
    assert kept == person and kept.email == person.email and kept.password == person.password
    assert not hasattr(kept, "_perm_cache")
