import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.html import escape

from calls.models import Call, Theme

pytestmark = pytest.mark.django_db


def seed_demo():
    with open("/dev/null", "w") as quiet:
        call_command("seed_demo", stdout=quiet)


def page_in(client, language: str, call) -> str:
    with translation.override(language):
        return client.get(call.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_the_open_demo_call_reads_in_french_and_german():
    seed_demo()
    call = Call.objects.get(slug="cities-helping-cities")
    for code in ["fr", "de", "es", "it"]:
        assert getattr(call, f"title_{code}") and getattr(call, f"summary_{code}"), code
    assert call.title_de.startswith("Cities Helping Cities: Peer-Unterstützung")
    assert Theme.objects.get(slug="housing").name_fr.startswith("Dispositifs locaux")


def test_choosing_french_changes_the_demo_call_page(client):
    seed_demo()
    call = Call.objects.get(slug="cities-helping-cities")
    french, english = page_in(client, "fr", call), page_in(client, "en", call)
    assert escape(call.title_fr) in french and escape(call.summary_fr) in french
    assert escape(call.title_en) in english and escape(call.title_fr) not in english
    # Its sections are written in English only: French readers get them in English.
    assert "How peer support works" in french


def test_seeding_again_keeps_a_coordinators_translation():
    seed_demo()
    Call.objects.filter(slug="cities-helping-cities").update(title_fr="Titre revu")
    seed_demo()
    call = Call.objects.get(slug="cities-helping-cities")
    assert call.title_fr == "Titre revu" and call.title_de
