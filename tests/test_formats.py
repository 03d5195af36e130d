import datetime as dt
import zoneinfo
from decimal import Decimal

from django.template import Context, Template
from django.utils import timezone, translation

from consolidate.templatetags.formats import (
    clock,
    day,
    instant,
    long_day,
    long_moment,
    moment,
    money,
    month,
    score,
)

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def test_money_in_english_puts_the_currency_first_with_grouping():
    with translation.override("en"):
        assert money(Decimal("3400")) == "EUR 3,400.00"
        assert money("120.5", "EUR") == "EUR 120.50"


def test_money_that_is_not_a_number_shows_a_dash():
    assert money(None) == "—" and money("abc") == "—"


def test_score_has_two_decimals_and_the_scale():
    with translation.override("en"):
        assert score(Decimal("3.5"), Decimal("5.0")) == "3.50 / 5"
        assert score(4, None) == "4.00"
        assert score(None, 5) == "— / 5"


def test_day_reads_day_month_year():
    with translation.override("en"):
        assert day(dt.date(2026, 3, 10)) == "10 March 2026"


def test_clock_and_moment_name_the_zone_across_daylight_saving():
    winter = dt.datetime(2026, 1, 15, 16, 0, tzinfo=dt.UTC)
    summer = dt.datetime(2026, 7, 15, 15, 0, tzinfo=dt.UTC)
    with translation.override("en"):
        assert clock(winter, "Europe/Brussels") == "17:00 CET"
        assert clock(summer, BRUSSELS) == "17:00 CEST"
        assert moment(winter, "Europe/Lisbon") == "15 January 2026, 16:00 WET"


def test_filters_load_in_templates():
    page = Template("{% load formats %}{{ amount|money }} · {{ value|score:5 }}")
    with translation.override("en"):
        rendered = page.render(Context({"amount": Decimal("3400"), "value": Decimal("3.5")}))
    assert rendered == "EUR 3,400.00 · 3.50 / 5"


def test_long_day_month_and_a_time_of_day():
    with translation.override("en"):
        assert long_day(dt.date(2026, 3, 10)) == "Tuesday 10 March 2026"
        assert month(dt.date(2026, 3, 10)) == "March 2026"
        assert clock(dt.time(9, 5)) == "09:05"


def test_clock_without_a_zone_uses_the_current_one_and_can_leave_the_name_out():
    winter = dt.datetime(2026, 1, 15, 16, 0, tzinfo=dt.UTC)
    with translation.override("en"), timezone.override(BRUSSELS):
        assert clock(winter) == "17:00 CET"
        assert clock(winter, "Europe/Lisbon", with_zone=False) == "16:00"


def test_long_moment_names_the_weekday():
    winter = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)
    with translation.override("en"):
        assert long_moment(winter, "Europe/Brussels") == "Tuesday 10 March 2026, 16:00 CET"


# --- Each of the five languages -------------------------------------------------------------

NBSP = "\xa0"
WINTER = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)
MARCH_5 = dt.date(2026, 3, 5)


def test_french_groups_thousands_with_a_space_and_puts_the_currency_last():
    with translation.override("fr"):
        assert money(Decimal("3400")) == f"3{NBSP}400,00 EUR"
        assert score(Decimal("3.5"), 5) == "3,50 / 5"
        assert long_day(MARCH_5) == "jeudi 5 mars 2026"
        assert month(MARCH_5) == "mars 2026"
        assert long_moment(WINTER, "Europe/Paris") == "mardi 10 mars 2026, 16:00 CET"


def test_german_groups_with_a_point_and_puts_a_comma_after_the_weekday():
    with translation.override("de"):
        assert money(Decimal("3400")) == "3.400,00 EUR"
        assert score(Decimal("4.25")) == "4,25"
        assert day(MARCH_5) == "5. März 2026"
        assert long_moment(WINTER, "Europe/Berlin") == "Dienstag, 10. März 2026, 16:00 CET"


def test_spanish_groups_with_a_point_as_spanish_administrations_do():
    with translation.override("es"):
        assert money(Decimal("3400")) == "3.400,00 EUR"
        assert money(Decimal("340")) == "340,00 EUR"
        assert day(MARCH_5) == "5 de marzo de 2026"
        assert month(MARCH_5) == "marzo de 2026"
        assert long_moment(WINTER, "Europe/Madrid") == "martes, 10 de marzo de 2026, 16:00 CET"


def test_italian_writes_months_and_weekdays_in_lower_case_without_a_leading_zero():
    with translation.override("it"):
        assert money(Decimal("3400")) == "3.400,00 EUR"
        assert day(MARCH_5) == "5 marzo 2026"
        assert long_day(MARCH_5) == "giovedì 5 marzo 2026"
        assert month(MARCH_5) == "marzo 2026"
        assert moment(WINTER, "Europe/Rome") == "10 marzo 2026, 16:00 CET"


def test_english_is_unchanged_by_the_other_languages():
    with translation.override("en"):
        assert money(Decimal("3400")) == "EUR 3,400.00"
        assert long_moment(WINTER, "Europe/Brussels") == "Tuesday 10 March 2026, 16:00 CET"


def test_the_zone_stays_explicit_in_every_language():
    summer = dt.datetime(2026, 7, 15, 15, 0, tzinfo=dt.UTC)
    for language in ("en", "fr", "de", "es", "it"):
        with translation.override(language):
            assert clock(summer, "Europe/Brussels") == "17:00 CEST"
            assert moment(summer, "Europe/Lisbon").endswith("16:00 WEST")


def test_a_regional_variant_follows_its_language():
    with translation.override("fr-BE"):
        assert money(Decimal("3400")) == f"3{NBSP}400,00 EUR"


def test_an_instant_is_what_date_c_writes_in_the_active_zone():
    moment_ = dt.datetime(2027, 1, 15, 16, 0, 5, 123456, tzinfo=dt.UTC)
    ours = Template("{% load formats %}{{ moment|instant }}")
    djangos = Template("{{ moment|date:'c' }}")
    for zone in ("Europe/Brussels", "Europe/Helsinki", "UTC"):
        with timezone.override(zone):
            context = Context({"moment": moment_})
            assert ours.render(context) == djangos.render(context)
    with timezone.override("Europe/Brussels"):
        assert ours.render(Context({"moment": moment_})) == "2027-01-15T17:00:05.123456+01:00"
    assert instant(None) == ""
