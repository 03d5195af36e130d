import pytest
from django.apps import apps
from django.core.management import call_command

from demo.content import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def seed_demo():
    with open("/dev/null", "w") as quiet:
        call_command("seed_demo", stdout=quiet)


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_seeding_the_demo_twice_creates_nothing_twice():
    seed_demo()
    first = row_counts()

    seed_demo()

    assert row_counts() == first
    assert first["applications.Application"] == 5 and first["visits.Visit"] == 2


def test_demo_accounts_log_in_with_the_demo_password(client):
    seed_demo()
    assert client.login(username="applicant@example.org", password=DEMO_PASSWORD)
