"""Choosing a language: the menu on every page, a person's stored language, e-mail links."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from people.languages import with_language
from people.preferences import language_of, remember
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
COOKIE = settings.LANGUAGE_COOKIE_NAME


def menu_options(html: str) -> list[str]:
    start = html.index('class="language-menu')
    return [part.split('"')[0] for part in html[start:].split("</form>")[0].split('lang="')[1:]]


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/", "/privacy/"])
def test_every_public_page_has_the_language_menu_with_the_five_languages(client, path):
    html = client.get(path).content.decode()
    assert '<html lang="en">' in html
    assert 'action="/i18n/setlang/"' in html  # no token for an anonymous visitor: see below
    assert menu_options(html) == ["en", "fr", "de", "es", "it"]
    for name in ("English", "Français", "Deutsch", "Español", "Italiano"):
        assert f">{name}</option>" in html
    assert '<label for="language-menu-site"' in html and 'type="submit"' in html


def test_the_admin_has_the_language_menu(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get("/admin/").content.decode()
    assert 'id="language-menu-admin"' in html and menu_options(html)[0] == "en"


def test_the_menu_switches_a_visitor_and_the_next_page_is_in_that_language(client):
    response = client.post(reverse("people:set_language"), {"language": "de", "next": "/privacy/"})
    assert response.status_code == 302 and response["Location"] == "/privacy/"
    assert response.cookies[COOKIE].value == "de"
    assert '<html lang="de">' in client.get("/privacy/").content.decode()


def test_the_menu_stores_a_signed_in_persons_choice(client):
    officer = UserFactory()
    remember(officer, language="en")
    client.force_login(officer)
    client.post(reverse("people:set_language"), {"language": "es", "next": "/"})
    officer.refresh_from_db()
    assert language_of(officer) == "es"


def test_an_unknown_language_is_not_stored(client):
    officer = UserFactory()
    remember(officer, language="fr")
    client.force_login(officer)
    client.post(reverse("people:set_language"), {"language": "xx", "next": "/"})
    officer.refresh_from_db()
    assert language_of(officer) == "fr"


def test_the_menu_works_for_a_get_never(client):
    assert client.get(reverse("people:set_language"), {"language": "de"}).status_code == 405


def test_logging_in_makes_the_stored_language_active(client):
    officer = UserFactory()
    remember(officer, language="it")
    client.cookies[COOKIE] = "en"
    response = client.post(reverse("account_login"), {"login": officer.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "it"
    assert '<html lang="it">' in client.get("/").content.decode()


def test_a_first_visit_follows_the_browser(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9,en;q=0.5").content.decode()
    assert '<html lang="fr">' in html


def test_a_link_from_an_email_opens_in_its_language_and_keeps_it(client):
    response = client.get("/privacy/?lang=es", HTTP_ACCEPT_LANGUAGE="de")
    assert '<html lang="es">' in response.content.decode()
    assert response.cookies[COOKIE].value == "es"
    assert '<html lang="es">' in client.get("/privacy/").content.decode()


def test_a_link_with_an_unknown_language_changes_nothing(client):
    response = client.get("/privacy/?lang=xx", HTTP_ACCEPT_LANGUAGE="de")
    assert '<html lang="de">' in response.content.decode()
    assert COOKIE not in response.cookies


def test_the_menu_returns_to_the_page_without_the_emails_language():
    page = Client().get("/privacy/?lang=fr&page=2").content.decode()
    assert 'name="next" value="/privacy/?page=2"' in page


def test_with_language_adds_the_parameter_before_the_fragment():
    assert with_language("https://x.eu/a/", "fr") == "https://x.eu/a/?lang=fr"
    assert with_language("https://x.eu/a/?b=1#c", "it") == "https://x.eu/a/?b=1&lang=it#c"
    assert with_language("https://x.eu/a/", "xx") == "https://x.eu/a/"


def test_an_anonymous_page_carries_no_token_and_its_menu_still_works():
    """Anonymous pages come from the cache, the same for everyone: no per-visitor token in them,
    and the menu's post (with CSRF checks on) still sets the visitor's language."""
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/accessibility/").content.decode()
    assert "csrfmiddlewaretoken" not in page
    response = browser.post(reverse("people:set_language"), {"language": "it", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "it"


def test_a_signed_in_persons_choice_needs_the_token():
    person = UserFactory()
    remember(person, language="en")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(person)
    forged = browser.post(reverse("people:set_language"), {"language": "de", "next": "/"})
    assert forged.status_code == 403
    assert language_of(person) == "en"
    page = browser.get("/accessibility/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    data = {"language": "de", "next": "/", "csrfmiddlewaretoken": token}
    assert browser.post(reverse("people:set_language"), data).status_code == 302
    person.refresh_from_db()
    assert language_of(person) == "de"
