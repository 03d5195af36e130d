"""Whole public pages for anonymous visitors from the cache (consolidate/page_cache.py)."""

import datetime as dt

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from calls.views import seconds_unchanged
from consolidate import page_cache
from tests.factories import CallFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["calls:list", "people:accessibility", "people:privacy"])
def test_second_anonymous_visitor_gets_the_same_page_without_a_query(
    client, django_assert_num_queries, name
):
    CallFactory(title="Open call for peer support")
    first = client.get(reverse(name))

    with django_assert_num_queries(0):
        again = client.get(reverse(name))

    assert again.content == first.content
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_signed_in_visitor_never_gets_the_anonymous_page(client):
    call = CallFactory()
    client.get(call.get_absolute_url())
    user = UserFactory(roles=["applicant"])
    client.force_login(user)

    page = client.get(call.get_absolute_url()).content.decode()

    assert user.email in page  # "Log out (…)": rendered for them
    client.logout()
    assert user.email not in client.get(call.get_absolute_url()).content.decode()


def test_each_language_has_its_own_page(client):
    call = CallFactory()
    english = client.get(call.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    french = client.get(call.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr")

    assert english["Content-Language"] == "en" and french["Content-Language"] == "fr"
    assert client.get(call.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content == (
        french.content
    )


def test_an_edited_call_is_shown_at_once(client):
    call = CallFactory(title="Before the edit")
    client.get(call.get_absolute_url())
    client.get(reverse("calls:list"))

    call.title = "After the edit"
    call.save()

    assert "After the edit" in client.get(call.get_absolute_url()).content.decode()
    assert "After the edit" in client.get(reverse("calls:list")).content.decode()


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(client, django_assert_num_queries):
    call = CallFactory()
    client.get(call.get_absolute_url())
    client.cookies["messages"] = "pending"

    with django_assert_num_queries(1):  # the call: rendered, not served from the cache
        client.get(call.get_absolute_url())


def test_a_page_that_sets_a_cookie_or_holds_a_csrf_token_is_not_kept():
    request = RequestFactory().get("/privacy/")
    with_cookie = page_cache.cache_for_anonymous(HttpResponse("x"), 60)
    with_cookie.set_cookie("csrftoken", "secret")
    plain = page_cache.cache_for_anonymous(HttpResponse("x"), 60)

    assert not page_cache._storable(request, with_cookie)
    assert page_cache._storable(request, plain)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not page_cache._storable(request, plain)


def test_the_time_left_is_kept_only_until_its_last_unit_changes():
    now = timezone.now()
    opened = now - dt.timedelta(days=3)
    tonight = CallFactory.build(opens_at=opened, deadline=now + dt.timedelta(hours=2, seconds=20))
    in_days = CallFactory.build(opens_at=opened, deadline=now + dt.timedelta(days=3, seconds=700))

    assert seconds_unchanged(tonight, now) == pytest.approx(20)  # "2 hours" → "1 hour…"
    assert seconds_unchanged(in_days, now) == pytest.approx(700)  # hours: ≤ 60 s cap


def test_the_call_page_is_kept_no_longer_than_its_time_left_stays_true(client):
    call = CallFactory(deadline=timezone.now() + dt.timedelta(minutes=90, seconds=2))

    response = client.get(call.get_absolute_url())

    # The 2 seconds until "1 hour, 30 minutes" becomes "1 hour, 29 minutes".
    assert 0 < getattr(response, page_cache.MARK) <= 2.5


def test_the_security_policy_built_once_is_the_librarys(client, settings):
    from csp.utils import build_policy

    from consolidate.csp_once import policy

    settings.DEBUG = False
    response = client.get(reverse("people:privacy"))

    assert response["Content-Security-Policy"] == policy() == build_policy()
    assert "script-src 'self'" in policy()
