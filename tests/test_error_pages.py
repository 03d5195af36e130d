"""Our own error pages: in the site's layout, saying what happened and where to go next."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError
from django.test import RequestFactory, override_settings
from django.urls import path

from consolidate.security import server_error
from consolidate.urls import urlpatterns as site_urls
from tests.factories import UserFactory


def _forbidden(request):
    raise PermissionDenied


def _suspicious(request):
    raise SuspiciousOperation("a damaged request")


def _broken(request):
    raise RuntimeError("a bug of ours")


urlpatterns = [
    path("test-forbidden/", _forbidden),
    path("test-suspicious/", _suspicious),
    path("test-broken/", _broken),
    *site_urls,
]
handler500 = "consolidate.security.server_error"


def _page(response) -> str:
    page = response.content.decode()
    assert "Cities Helping Cities" in page  # the site's name and layout
    assert 'href="/static/css/site.css"' in page
    assert 'href="/"' in page  # a way back home
    assert "Where to go next" in page
    return page


@pytest.fixture
def site(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False


@pytest.mark.django_db
def test_a_wrong_link_shows_our_404(client, site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = _page(response)
    assert "Page not found" in page
    assert "Log in" in page


@pytest.mark.django_db
def test_a_forbidden_page_shows_our_403_with_links_for_the_person(client, site):
    client.force_login(UserFactory(email="officer@example.org"))
    response = client.get("/test-forbidden/")
    assert response.status_code == 403
    page = _page(response)
    assert "You cannot open this page" in page
    assert "officer@example.org" in page
    assert 'href="/applications/"' in page


@pytest.mark.django_db
def test_an_officer_who_opens_the_staff_area_gets_our_403_and_a_way_back(client, site):
    client.force_login(UserFactory(email="officer@example.org"))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    page = _page(response)
    assert "The staff area is for the network's reviewers and coordinators" in page
    assert 'href="/applications/"' in page
    assert 'href="/admin/"' not in page  # no link to the staff area for non-staff


@pytest.mark.django_db
def test_the_403_offers_staff_their_area(client, site):
    client.force_login(UserFactory(is_staff=True))
    page = _page(client.get("/test-forbidden/"))
    assert 'href="/admin/"' in page


@pytest.mark.django_db
def test_a_damaged_request_shows_our_400(client, site):
    response = client.get("/test-suspicious/")
    assert response.status_code == 400
    assert "This request could not be read" in _page(response)


def test_a_bug_shows_our_500_without_touching_the_database(site):
    # No django_db mark: pytest-django blocks the database, so any query raises.
    from django.test import Client

    client = Client(raise_request_exception=False)
    response = client.get("/test-broken/")
    assert response.status_code == 500
    page = _page(response)
    assert "Sorry, something went wrong on our side" in page
    assert "Log in" not in page  # nothing about the person: there is no request context


@override_settings(DEBUG=False)
def test_the_500_handler_renders_with_the_database_blocked(django_db_blocker):
    with django_db_blocker.block():
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Sorry, something went wrong on our side" in _page(response)


@override_settings(DEBUG=False)
def test_an_unreachable_database_shows_our_503(django_db_blocker):
    with django_db_blocker.block():
        try:
            raise OperationalError("connection refused")
        except OperationalError:
            response = server_error(RequestFactory().get("/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Please try again in a moment" in _page(response)


@pytest.mark.django_db
def test_an_expired_form_shows_our_csrf_page(site):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    assert "Your form has expired" in _page(response)
