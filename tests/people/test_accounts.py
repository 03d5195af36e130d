import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _sign_up(client, email="new.officer@example.org"):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_sign_up_requires_email_verification_before_applying(client):
    response = _sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = get_user_model().objects.get(email="new.officer@example.org")
    assert list(user.groups.values_list("name", flat=True)) == ["applicant"]
    assert len(mail.outbox) == 1
    assert client.get(reverse("applications:mine"))["Location"].startswith(reverse("account_login"))
    login = client.post(
        reverse("account_login"), {"login": "new.officer@example.org", "password": PASSWORD}
    )
    assert login["Location"] == reverse("account_email_verification_sent")


def test_following_the_verification_link_logs_the_officer_in(client):
    _sign_up(client)
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[-1]
    client.post(path)
    response = client.get(reverse("applications:mine"))
    assert response.status_code == 200
    assert "My applications" in response.content.decode()


def test_login_is_by_email(client):
    UserFactory(email="login@example.org", username="login@example.org")
    response = client.post(
        reverse("account_login"), {"login": "login@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("applications:mine")).status_code == 200


def test_login_attempts_are_rate_limited(client):
    UserFactory(email="victim@example.org", username="victim@example.org")
    pages = [
        client.post(
            reverse("account_login"), {"login": "victim@example.org", "password": "wrong"}
        ).content.decode()
        for _ in range(6)
    ]
    assert "Too many failed login attempts" not in pages[0]
    assert "Too many failed login attempts" in pages[-1]
    right = client.post(
        reverse("account_login"), {"login": "victim@example.org", "password": PASSWORD}
    )
    assert "Too many failed login attempts" in right.content.decode()


def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_roles_exist_as_groups():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {
        "applicant", "reviewer", "coordinator", "champion", "expert",
    }  # fmt: skip
