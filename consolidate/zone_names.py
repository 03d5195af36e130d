"""A time zone's city as the reader says it: "Brussels" in English, "Bruxelles" in French,
"Brüssel" in German, for "Europe/Brussels" (the deadline's "Brussels time", a visit's "Lisbon
time (WET)", a saved draft's time).

The names are CLDR's (the Unicode consortium's locale data, which Babel carries), written by
``python -m consolidate.zone_names`` (with the test extra installed) into ``zone_cities.json``:
for each language of the site, the cities whose name differs from the zone's own
("Europe/Brussels" gives "Brussels"). Babel is not used at run time: its locale data would cost
every worker some 2 MB a language, for a few hundred names. ``tests/consolidate/
test_zone_names.py`` checks that the file is what Babel gives.
"""

import functools
import json
import zoneinfo
from pathlib import Path

from django.utils.translation import get_language

TABLE = Path(__file__).with_name("zone_cities.json")


def own_name(zone: str) -> str:
    """The city in the zone's name: "America/New_York" gives "New York"."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


@functools.cache
def _table() -> dict[str, dict[str, str]]:
    return json.loads(TABLE.read_text(encoding="utf-8"))


def zone_city(zone: zoneinfo.ZoneInfo | str, language: str | None = None) -> str:
    """The zone's city in ``language`` (the active language by default)."""
    zone = str(zone)
    language = (language or get_language() or "en").split("-")[0]
    return _table().get(language, {}).get(zone) or own_name(zone)


def named_zones() -> list[str]:
    """The zones whose last part is a place (not "UTC", "Etc/GMT+5" or "EST5EDT")."""
    return sorted(
        zone
        for zone in zoneinfo.available_timezones()
        if "/" in zone and not zone.startswith(("Etc/", "SystemV/"))
    )


def from_cldr(languages: list[str]) -> dict[str, dict[str, str]]:
    """The table as Babel's CLDR data gives it (Babel is in the test extra)."""
    from babel.dates import get_timezone_location

    table = {}
    for language in languages:
        names = {}
        for zone in named_zones():
            city = get_timezone_location(zoneinfo.ZoneInfo(zone), locale=language, return_city=True)
            if city != own_name(zone):
                names[zone] = city
        table[language] = names
    return table


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consolidate.settings")
    django.setup()
    from django.conf import settings

    written = from_cldr([code for code, _name in settings.LANGUAGES])
    TABLE.write_text(json.dumps(written, ensure_ascii=False, indent=0, sort_keys=True) + "\n")
    print(f"{TABLE}: {sum(len(names) for names in written.values())} names")
