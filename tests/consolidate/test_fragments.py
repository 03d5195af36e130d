"""Every page's menu, footer and language menu, kept per process: the same HTML as the templates
render, each reader's own details filled in and escaped, nobody else's."""

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from consolidate.fragments import forget_kept_fragments, kept_fragment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_kept():
    forget_kept_fragments()
    yield
    forget_kept_fragments()


def page(client, user=None, language="en", path="/accessibility/"):
    if user is not None:
        client.force_login(user)
    return client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_a_kept_fragment_is_what_the_template_renders_with_the_holes_filled_and_escaped():
    facts = {"signed_in": True, "show_visits": True, "is_staff": False}
    holes = {"email": "ana&o'neil@example.org", "token": "t0ken"}
    expected = render_to_string("_site_nav.html", {**facts, **holes})
    assert kept_fragment("_site_nav.html", facts, holes) == expected
    assert "ana&amp;o&#x27;neil@example.org" in expected
    # Kept: the second reader gets their own address in the same pieces.
    other = kept_fragment("_site_nav.html", facts, {"email": "bo@example.org", "token": "x"})
    assert "bo@example.org" in other and "neil" not in other


def test_each_language_and_kind_of_reader_has_its_own_copy():
    facts = {"signed_in": False}
    english = kept_fragment("_site_nav.html", facts, {})
    with translation.override("fr"):
        french = kept_fragment("_site_nav.html", facts, {})
    assert "Log in" in english and "Se connecter" in french
    with translation.override("fr"):
        assert french == render_to_string("_site_nav.html", facts)


def test_the_menu_shows_each_reader_their_own_address_and_links(client):
    officer = UserFactory(email="officer@city.example")
    staff = UserFactory(email="staff@network.example", is_staff=True)
    officer_page = page(client, officer)
    assert "officer@city.example" in officer_page
    assert "My applications" in officer_page and "Staff area" not in officer_page
    client.logout()
    staff_page = page(client, staff)
    assert "staff@network.example" in staff_page and "officer@city.example" not in staff_page
    assert "Staff area" in staff_page
    client.logout()
    anonymous = page(client)
    assert "Log in" in anonymous and "@" not in anonymous.split("<main")[0]


def test_the_logout_form_and_the_language_menu_carry_the_readers_own_token(client):
    client.force_login(UserFactory())
    html = page(client)
    tokens = [part.split('"')[0] for part in html.split('name="csrfmiddlewaretoken" value="')[1:]]
    assert len(tokens) == 2  # the log-out form and the language menu
    secret = client.cookies["csrftoken"].value
    from django.middleware.csrf import _unmask_cipher_token

    assert {_unmask_cipher_token(token) for token in tokens} == {secret}


def test_the_language_menu_comes_back_to_the_page_escaped_and_without_the_e_mails_lang(client):
    html = page(client, path='/accessibility/?lang=fr&x="><b>')
    assert 'name="next" value="/accessibility/?x=%22%3E%3Cb%3E"' in html
    assert "<b>" not in html.split("<main")[0]
    assert 'name="csrfmiddlewaretoken"' not in html  # anonymous: no per-visitor token


def test_the_footer_follows_the_network_name_setting(client, settings):
    assert "Cities Helping Cities network" in page(client)
    settings.NETWORK_NAME = "Network of Test Cities"
    assert "Network of Test Cities" in page(client, path="/privacy/")


def test_a_request_factory_page_renders_the_menu_without_a_signed_in_reader():
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    html = render_to_string("base.html", {}, request=request)
    assert "Log in" in html and "Sign up" in html


@pytest.mark.parametrize(
    "name",
    [
        "applications/_mine_head.html",
        "applications/_mine_links.html",
        "applications/_privacy.html",
        "applications/_autosave_messages.html",
    ],
)
def test_the_kept_tag_writes_the_template_in_each_language(name):
    tag = Template("{% load site %}{% kept name %}")
    for language in ("en", "fr", "de"):
        with translation.override(language):
            assert tag.render(Context({"name": name})) == render_to_string(name)
    with translation.override("fr"):
        french = tag.render(Context({"name": name}))
    with translation.override("en"):
        assert tag.render(Context({"name": name})) != french  # each language its own copy
