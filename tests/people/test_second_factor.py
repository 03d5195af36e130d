import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from people.second_factor import DEMO_TOTP_SECRET, current_code
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _require_second_factor(settings):
    settings.STAFF_MFA_REQUIRED = True


def log_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def test_staff_without_a_second_factor_are_sent_to_set_one_up(client):
    coordinator = UserFactory(roles=["coordinator"], is_staff=True)
    log_in(client, coordinator)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_with_totp_must_give_the_code_before_the_admin(client):
    coordinator = UserFactory(roles=["coordinator"], is_staff=True)
    TOTP.activate(coordinator, DEMO_TOTP_SECRET)
    response = log_in(client, coordinator)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert client.get(reverse("admin:index")).status_code == 200


def test_applicants_need_no_second_factor(client):
    applicant = UserFactory(roles=["applicant"])
    log_in(client, applicant)
    assert client.get(reverse("applications:mine")).status_code == 200
