"""Which clock a visit runs on: the IANA zones of the host's country, and how a zone is named.

A visit's agenda is typed, stored (as wall-clock times of its days), shown, printed and exported
in its own zone, so that "14:00" in Lisbon is 14:00 on the champions' watches in Lisbon. Most
member states have one zone; Portugal and Spain have islands on another clock, so a coordinator
chooses there (the first zone is the mainland's, the default).
"""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from consolidate.zone_names import zone_city

# EU member states (ISO 3166 codes, as applications store them) and their zones, mainland first.
COUNTRY_ZONES: dict[str, tuple[str, ...]] = {
    "AT": ("Europe/Vienna",), "BE": ("Europe/Brussels",), "BG": ("Europe/Sofia",),
    "CY": ("Asia/Nicosia", "Asia/Famagusta"), "CZ": ("Europe/Prague",),
    "DE": ("Europe/Berlin",), "DK": ("Europe/Copenhagen",), "EE": ("Europe/Tallinn",),
    "ES": ("Europe/Madrid", "Atlantic/Canary", "Africa/Ceuta"), "FI": ("Europe/Helsinki",),
    "FR": ("Europe/Paris",), "GR": ("Europe/Athens",), "HR": ("Europe/Zagreb",),
    "HU": ("Europe/Budapest",), "IE": ("Europe/Dublin",), "IT": ("Europe/Rome",),
    "LT": ("Europe/Vilnius",), "LU": ("Europe/Luxembourg",), "LV": ("Europe/Riga",),
    "MT": ("Europe/Malta",), "NL": ("Europe/Amsterdam",), "PL": ("Europe/Warsaw",),
    "PT": ("Europe/Lisbon", "Atlantic/Madeira", "Atlantic/Azores"), "RO": ("Europe/Bucharest",),
    "SE": ("Europe/Stockholm",), "SI": ("Europe/Ljubljana",), "SK": ("Europe/Bratislava",),
}  # fmt: skip


def zones_of(country: str) -> tuple[str, ...]:
    """The zones a visit to ``country`` may use; the site's zone where we know none."""
    return COUNTRY_ZONES.get(str(country or "").upper(), (settings.TIME_ZONE,))


def default_zone(country: str) -> str:
    return zones_of(country)[0]


def zone_label(zone: zoneinfo.ZoneInfo, at: dt.datetime | None = None) -> str:
    """ "Lisbon time (WET)": the zone's city and its abbreviation at ``at`` (now by default)."""
    local = (at or timezone.now()).astimezone(zone)
    return _("%(city)s time (%(abbreviation)s)") % {
        "city": zone_city(zone),
        "abbreviation": local.tzname(),
    }
