"""A server error reaches the ADMINS through the outbox, once."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import path

from consolidate.urls import urlpatterns as site_urls
from notifications.error_reports import KIND
from notifications.models import Email

pytestmark = pytest.mark.django_db


def _broken(request):
    raise RuntimeError("a bug of ours")


urlpatterns = [path("test-broken/", _broken), *site_urls]


@pytest.fixture
def broken_site(settings):
    settings.ROOT_URLCONF = __name__
    settings.ADMINS = [("Ana Ops", "ana@ops.example.org"), ("", "duty@ops.example.org")]
    return Client(raise_request_exception=False)


def test_a_500_queues_one_report_per_admin_and_sends_it(
    broken_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert broken_site.get("/test-broken/").status_code == 500
    reports = Email.objects.filter(kind=KIND)
    assert sorted(reports.values_list("recipient", flat=True)) == [
        "ana@ops.example.org", "duty@ops.example.org"
    ]  # fmt: skip
    assert {email.state for email in reports} == {Email.State.SENT}
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@ops.example.org", "duty@ops.example.org"
    ]  # fmt: skip
    report = mail.outbox[0]
    assert "Internal Server Error: /test-broken/" in report.subject
    assert "RuntimeError at /test-broken/\na bug of ours" in report.body


def test_the_same_error_again_within_the_minute_is_not_mailed_again(broken_site):
    broken_site.get("/test-broken/")
    broken_site.get("/test-broken/")
    assert Email.objects.filter(kind=KIND).count() == 2


def test_no_admins_no_report(broken_site, settings):
    settings.ADMINS = []
    broken_site.get("/test-broken/")
    assert not Email.objects.filter(kind=KIND).exists()


def test_a_page_not_found_is_not_reported(broken_site):
    assert broken_site.get("/no-such-page/").status_code == 404
    assert not Email.objects.filter(kind=KIND).exists()
