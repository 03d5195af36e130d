"""Failed logins are counted per account and, with a higher ceiling, per address."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LIMITED = "Too many failed login attempts"
TOWN_HALL = "198.51.100.20"


def log_in(client, email: str, password: str, address: str = TOWN_HALL):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


def test_ten_wrong_passwords_for_one_account_do_not_lock_out_a_colleague(client):
    UserFactory(email="forgetful@city.example.eu")
    UserFactory(email="colleague@city.example.eu")
    for _ in range(10):
        log_in(client, "forgetful@city.example.eu", "wrong-password")
    response = log_in(client, "colleague@city.example.eu", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("applications:mine")).status_code == 200


def test_the_account_tried_is_locked_with_a_429_whatever_the_address(client):
    UserFactory(email="target@city.example.eu")
    for attempt in range(5):
        response = log_in(client, "target@city.example.eu", "guess", address=f"203.0.113.{attempt}")
        assert response.status_code == 200 and LIMITED not in response.content.decode()
    response = log_in(client, "target@city.example.eu", PASSWORD, address="203.0.113.99")
    assert response.status_code == 429
    assert LIMITED in response.content.decode()


def test_an_address_guessing_many_accounts_is_slowed_down(client):
    UserFactory(email="officer@city.example.eu")
    for number in range(30):
        assert log_in(client, f"guess{number}@city.example.eu", "guess").status_code == 200
    assert log_in(client, "officer@city.example.eu", PASSWORD).status_code == 429
    assert (
        log_in(client, "officer@city.example.eu", PASSWORD, address="192.0.2.7").status_code == 302
    )
