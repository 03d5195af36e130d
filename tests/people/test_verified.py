"""A verified e-mail address is asked for once per session, not on every page."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.verified import SESSION_KEY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def email_queries(client, path="/applications/") -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    asked = sum("account_emailaddress" in query["sql"] for query in queries.captured_queries)
    return asked, response


def test_a_verified_person_is_asked_once_then_the_session_remembers(client):
    person = UserFactory()
    client.force_login(person)
    asked, response = email_queries(client)
    assert response.status_code == 200 and asked == 1
    assert client.session[SESSION_KEY] == person.email
    asked, response = email_queries(client)
    assert response.status_code == 200 and asked == 0


def test_an_unverified_person_is_told_each_time_and_never_remembered(client):
    person = UserFactory(verified=False)
    client.force_login(person)
    for _ in range(2):
        asked, response = email_queries(client)
        assert asked >= 1
        assert "account/verified_email_required.html" in [t.name for t in response.templates]
    assert SESSION_KEY not in client.session
    assert mail.outbox  # allauth sent the verification e-mail again


def test_a_changed_address_is_asked_about_again(client):
    person = UserFactory()
    client.force_login(person)
    email_queries(client)
    person.email = "new-address@city.example"
    person.save()
    EmailAddress.objects.create(user=person, email=person.email, verified=False)
    EmailAddress.objects.filter(user=person).exclude(email=person.email).delete()
    asked, response = email_queries(client)
    assert asked >= 1
    assert "account/verified_email_required.html" in [t.name for t in response.templates]


def test_anonymous_visitors_still_go_to_the_login_page(client):
    response = client.get("/applications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
