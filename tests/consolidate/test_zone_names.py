"""A time zone's city is written in the reader's language, from CLDR's names."""

import json

import pytest
from django.conf import settings
from django.utils.translation import override

from consolidate.zone_names import TABLE, from_cldr, zone_city
from tests.factories import CallFactory


def test_the_table_is_what_cldr_gives():
    languages = [code for code, _name in settings.LANGUAGES]
    assert json.loads(TABLE.read_text(encoding="utf-8")) == from_cldr(languages)


@pytest.mark.parametrize(
    ("language", "brussels", "lisbon"),
    [("en", "Brussels", "Lisbon"), ("fr", "Bruxelles", "Lisbonne"), ("de", "Brüssel", "Lissabon"),
     ("es", "Bruselas", "Lisboa"), ("it", "Bruxelles", "Lisbona")],
)  # fmt: skip
def test_each_language_names_the_city_its_way(language, brussels, lisbon):
    with override(language):
        assert zone_city("Europe/Brussels") == brussels
    assert zone_city("Europe/Lisbon", language) == lisbon


def test_a_city_without_a_name_of_its_own_keeps_the_zones():
    assert zone_city("America/New_York", "fr") == "New York"
    assert zone_city("Europe/Brussels", "pt-br") == "Brussels"  # no table: the zone's own


@pytest.mark.django_db
def test_a_calls_deadline_names_its_city_in_the_readers_language(client):
    call = CallFactory(time_zone="Europe/Brussels")
    french = client.get(call.get_absolute_url(), headers={"accept-language": "fr"})
    assert "heure de Bruxelles" in french.text
    english = client.get(call.get_absolute_url(), headers={"accept-language": "en"})
    assert "Brussels time" in english.text
