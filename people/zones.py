"""The time zones a person may choose, grouped by region for the account page's list."""

import functools
import zoneinfo

from django.utils.translation import gettext_lazy as _

# IANA's regions, Europe first (where most of the network lives); the legacy aliases the
# database also carries ("US/Eastern", "EST5EDT", "Etc/GMT+5") are left out.
REGIONS = {
    "Europe": _("Europe"),
    "Africa": _("Africa"),
    "America": _("Americas"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic Ocean"),
    "Australia": _("Australia"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific Ocean"),
}


def place_name(zone: str) -> str:
    """ "America/Argentina/Buenos_Aires" → "Argentina / Buenos Aires"."""
    return " / ".join(zone.split("/")[1:]).replace("_", " ")


@functools.cache
def zone_names() -> dict[str, list[str]]:
    names = {region: [] for region in REGIONS}
    for zone in zoneinfo.available_timezones():
        region = zone.split("/")[0]
        if region in names and "/" in zone:
            names[region].append(zone)
    return {region: sorted(zones, key=place_name) for region, zones in names.items() if zones}


def zone_choices() -> list:
    """Django's grouped choices: (region, [(zone, place), ...]) for each region, then UTC."""
    groups = [
        (REGIONS[region], [(zone, place_name(zone)) for zone in zones])
        for region, zones in zone_names().items()
    ]
    return [*groups, (_("Other"), [("UTC", "UTC")])]
