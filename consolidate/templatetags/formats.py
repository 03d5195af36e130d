"""One way to write money, scores, dates and times, in pages, e-mails and PDFs alike.

``{% load formats %}`` then ``{{ amount|money }}`` ("EUR 3,400.00"; "3 400,00 EUR" where the
language puts the currency last), ``{{ applications|count }}`` ("10,000"),
``{{ value|score:call.score_max }}`` ("3.50 / 5"),
``{{ day|day }}`` ("10 March 2026"), ``{{ moment|clock:zone }}`` ("16:00 CET") and
``{{ moment|moment:zone }}`` ("10 March 2026, 16:00 CET"), ``{{ moment|instant }}`` (ISO 8601,
for machines), ``{{ day|long_day }}`` ("Tuesday 10 March 2026"), ``{{ moment|long_moment:zone }}``
(the same with its weekday, for deadlines and meetings) and ``{{ day|month }}`` ("March
2026"). Each follows the active language: "3 400,00
EUR" and "mardi 10 mars 2026" in French, "3.400,00 EUR" and "Dienstag, 10. März 2026" in German;
the zone's abbreviation stays, whatever the language. Django's locale formats decide, corrected
in consolidate/formats/<language>/ where they are not what that language's administrations
write.
"""

import datetime as dt
import functools
import zoneinfo
from decimal import Decimal, InvalidOperation

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import formats, timezone, translation
from django.utils.dateformat import format as format_date

register = template.Library()

# Languages that write the currency code before the amount ("EUR 3,400.00").
CURRENCY_FIRST = {"en"}
# Languages whose month and weekday names are written in lower case ("10 marzo 2026") although
# Django's catalogue capitalises them ("Marzo", "Martedì").
LOWER_CASE_NAMES = {"it"}
# What comes between the weekday and the date: "Dienstag, 10. März 2026", "martes, 10 de marzo".
WEEKDAY_SEPARATOR = {"de": ", ", "es": ", "}


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _date(value, format_name: str) -> str:
    """``value`` in the active language's format ``format_name`` (or a format string)."""
    if format_name.isupper():
        text = formats.date_format(value, format_name)
    else:
        text = format_date(value, format_name)
    return text.lower() if _language() in LOWER_CASE_NAMES else text


def _with_weekday(value) -> str:
    separator = WEEKDAY_SEPARATOR.get(_language(), " ")
    return f"{_date(value, 'l')}{separator}{_date(value, 'DATE_FORMAT')}"


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None


def _number(value: Decimal, places: int) -> str:
    return _formatted(value, places, translation.get_language())


@functools.lru_cache(maxsize=8192)
def _formatted(value: Decimal, places: int, language: str) -> str:
    """Formatted once per value and language: a dashboard writes some 20,000 numbers, most of
    them the same few (scores on a scale, small counts)."""
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


@receiver(setting_changed)
def _formats_changed(**kwargs) -> None:
    _formatted.cache_clear()


@register.filter
def money(value, currency: str = "EUR") -> str:
    amount = _decimal(value)
    if amount is None:
        return "—"
    number = _number(amount, 2)
    return f"{currency} {number}" if _language() in CURRENCY_FIRST else f"{number} {currency}"


@register.filter
def count(value) -> str:
    """A whole number of things, grouped as the language groups digits: "10,000"."""
    number = _decimal(value)
    return "—" if number is None else _number(number, 0)


@register.filter
def score(value, scale_max=None) -> str:
    """A score with two decimals, out of the scale's maximum when given: "3.50 / 5"."""
    number = _decimal(value)
    text = "—" if number is None else _number(number, 2)
    if scale_max in (None, ""):
        return text
    return f"{text} / {formats.number_format(_decimal(scale_max).normalize(), use_l10n=True)}"


@register.filter(expects_localtime=True)
def instant(value) -> str:
    """The exact instant for machines (a ``datetime`` attribute, a script's data): ISO 8601 in
    the active zone, what ``date:'c'`` writes, without formatting a date to do it."""
    return value.isoformat() if value else ""


@register.filter
def day(value) -> str:
    return _date(value, "DATE_FORMAT") if value else "—"


def _zone(zone) -> dt.tzinfo | None:
    if zone in (None, ""):
        return None
    return zoneinfo.ZoneInfo(zone) if isinstance(zone, str) else zone


def _local(value: dt.datetime, zone) -> dt.datetime:
    """``value`` in ``zone``; without one, in the current time zone, as Django's ``date``."""
    tz = _zone(zone)
    if tz is not None:
        return value.astimezone(tz)
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def long_day(value) -> str:
    """The day with its weekday, for agendas and deadlines: "Tuesday 10 March 2026"."""
    return _with_weekday(value) if value else "—"


@register.filter
def month(value) -> str:
    """A month of a year: "March 2026"."""
    return _date(value, "YEAR_MONTH_FORMAT") if value else "—"


@register.filter
def clock(value, zone=None, with_zone: bool = True) -> str:
    """The time in ``zone`` (a name or a tzinfo) with the zone's abbreviation: "16:00 CET".
    Python code that names the zone otherwise ("Brussels time") passes ``with_zone=False``."""
    if not value:
        return "—"
    if isinstance(value, dt.time):
        return formats.time_format(value, "TIME_FORMAT")
    local = _local(value, zone)
    text = formats.time_format(local, "TIME_FORMAT")
    return f"{text} {format_date(local, 'T')}" if with_zone else text


@register.filter
def moment(value, zone=None) -> str:
    """Date and time in ``zone`` with its abbreviation: "10 March 2026, 16:00 CET"."""
    if not value:
        return "—"
    local = _local(value, zone)
    return f"{_date(local, 'DATE_FORMAT')}, {clock(local, local.tzinfo)}"


@register.filter
def long_moment(value, zone=None) -> str:
    """A deadline or a meeting, with its weekday: "Tuesday 10 March 2026, 16:00 CET"."""
    if not value:
        return "—"
    local = _local(value, zone)
    return f"{_with_weekday(local)}, {clock(local, local.tzinfo)}"
