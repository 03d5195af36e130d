import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import PASSWORD, ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client):
    user = UserFactory(roles=["applicant"])
    client.force_login(user)
    return user


def test_privacy_and_accessibility_pages_are_public(client):
    assert "Privacy notice" in client.get(reverse("people:privacy")).content.decode()
    page = client.get(reverse("people:accessibility")).content.decode()
    assert "Accessibility statement" in page


def test_my_data_download_holds_the_answers(client, officer):
    ApplicationFactory(applicant=officer, city="Mine")
    response = client.get(reverse("people:my_data"))
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = response.json()
    assert data["account"]["email"] == officer.email
    assert data["applications"][0]["answers"]["city"] == "Mine"


def test_my_data_asks_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("people:my_data"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_my_data_holds_only_the_downloaders_own_data(client, officer):
    ApplicationFactory(applicant=officer, city="Mine")
    other = UserFactory(roles=["applicant"])
    ApplicationFactory(applicant=other, city="Theirs", email="theirs@example.org")
    text = client.get(reverse("people:my_data")).content.decode()
    assert "Mine" in text
    assert "Theirs" not in text and other.email not in text and "theirs@" not in text


def test_officer_deletes_their_account_after_confirming_with_the_password(client, officer):
    application = ApplicationFactory(applicant=officer, officer_name="Ana")
    wrong = client.post(reverse("people:delete_account"), {"password": "nope"})
    assert wrong.status_code == 400
    client.post(reverse("people:delete_account"), {"password": PASSWORD})
    officer = get_user_model().objects.get(pk=officer.pk)
    assert not officer.is_active and officer.email == ""
    application.refresh_from_db()
    assert application.officer_name == ""
    assert client.get(reverse("applications:mine")).status_code == 302
