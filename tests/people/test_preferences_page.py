"""The account page's language and time zone, and the zone guessed at sign-up."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from people.preferences import language_of, remember, zone_of
from people.zones import zone_choices
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("people:preferences")


def test_the_page_asks_a_visitor_to_log_in(client):
    assert client.get(URL)["Location"].startswith(reverse("account_login"))


def test_the_page_shows_the_stored_choice_with_zones_grouped_by_region(client):
    officer = UserFactory()
    remember(officer, language="de", time_zone="Europe/Vienna")
    client.force_login(officer)
    html = client.get(URL).content.decode()
    assert '<option value="de" selected lang="de">' in html
    assert '<option value="Europe/Vienna" selected>Vienna</option>' in html
    assert '<optgroup label="Europe">' in html and '<optgroup label="Asia">' in html


def test_saving_stores_both_and_switches_the_page(client):
    officer = UserFactory()
    client.force_login(officer)
    response = client.post(URL, {"language": "fr", "time_zone": "Europe/Lisbon"}, follow=True)
    officer.refresh_from_db()
    assert language_of(officer) == "fr" and str(zone_of(officer)) == "Europe/Lisbon"
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert client.cookies["django_language"].value == "fr"


def test_an_unknown_zone_is_refused_beside_the_field_and_keeps_the_language(client):
    officer = UserFactory()
    remember(officer, language="en", time_zone="Europe/Brussels")
    client.force_login(officer)
    response = client.post(URL, {"language": "it", "time_zone": "Mars/Olympus_Mons"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_time_zone_error"' in html and "Mars/Olympus_Mons" in html
    assert '<option value="it" selected lang="it">' in html  # what was chosen stays
    officer.refresh_from_db()
    assert language_of(officer) == "en" and str(zone_of(officer)) == "Europe/Brussels"


def test_my_applications_links_to_the_page(client):
    client.force_login(UserFactory(roles=["applicant"]))
    assert f'href="{URL}"' in client.get(reverse("applications:mine")).content.decode()


def test_the_zones_offered_are_real_and_europe_comes_first():
    groups = zone_choices()
    assert str(groups[0][0]) == "Europe"
    zones = [zone for _label, options in groups for zone, _name in options]
    assert "Europe/Brussels" in zones and "US/Eastern" not in zones and "UTC" in zones


def test_sign_up_stores_the_zone_the_browser_gave_and_the_page_language(client):
    html = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'type="hidden" name="time_zone"' in html and "js/time-zone.js" in html
    client.post(reverse("account_signup"), {
        "email": "nueva@example.org", "password1": PASSWORD, "password2": PASSWORD,
        "time_zone": "Europe/Madrid",
    }, HTTP_ACCEPT_LANGUAGE="es")  # fmt: skip
    person = get_user_model().objects.get(email="nueva@example.org")
    assert language_of(person) == "es" and str(zone_of(person)) == "Europe/Madrid"
