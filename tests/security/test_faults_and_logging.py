import logging
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from tests.factories import PASSWORD, CallFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_database_outage_answers_503_try_again(client):
    client.raise_request_exception = False
    call = CallFactory()
    outage = mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("could not connect to server"),
    )
    with outage:
        response = client.get(call.get_absolute_url())
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "try again" in response.content.decode()
    assert client.get(call.get_absolute_url()).status_code == 200  # recovers by itself


def test_logins_failures_and_denials_are_logged(client, caplog):
    user = UserFactory(roles=["applicant"])
    caplog.set_level(logging.INFO, logger="consolidate.security")
    client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    client.force_login(UserFactory(roles=["reviewer"], is_staff=True))
    client.get(reverse("admin:reviews_ranking", args=[CallFactory().pk]))
    text = caplog.text
    assert f"login failed login={user.email}" in text
    assert f"login user={user.pk}" in text
    assert "access denied" in text and "/ranking/" in text
    assert PASSWORD not in text
