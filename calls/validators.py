"""Checks of a call's fields (the migrations name them as ``calls.models.<name>``)."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


def validate_day_list(value: str) -> None:
    try:
        days = parse_day_list(value)
    except ValueError:
        days = None
    if days is None or any(day < 0 for day in days):
        raise ValidationError(_("Give whole numbers of days separated by commas, e.g. 7,1."))


def parse_day_list(value: str) -> list[int]:
    """ "7, 1" -> [7, 1]: reminder offsets, largest first."""
    return sorted({int(part) for part in value.split(",") if part.strip()}, reverse=True)
