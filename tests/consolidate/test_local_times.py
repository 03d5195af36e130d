"""Date-times written by LocalTimes are Django's own text, in every language and time zone."""

import datetime as dt
import zoneinfo

import pytest
from django.conf import settings
from django.utils import formats, timezone, translation

from consolidate.local_times import LocalTimes

UTC = dt.UTC
MOMENTS = [
    dt.datetime(2026, 3, 29, 0, 59, tzinfo=UTC),  # before the clocks go forward in Brussels
    dt.datetime(2026, 3, 29, 1, 1, tzinfo=UTC),  # after
    dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
    dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
    dt.datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC),  # already the next year in Brussels
    dt.datetime(2027, 2, 1, 12, 0, tzinfo=UTC),
    dt.datetime(2027, 2, 1, 12, 1, tzinfo=UTC),  # the same day again, from what was kept
]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("zone", ["Europe/Brussels", "America/New_York", "UTC"])
@pytest.mark.parametrize("format_name", ["DATETIME_FORMAT", "SHORT_DATETIME_FORMAT"])
def test_local_times_are_djangos_text(language, zone, format_name):
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        write = LocalTimes(format_name)
        for moment in MOMENTS:
            local = timezone.template_localtime(moment)
            assert write(moment) == formats.date_format(local, format_name)


def test_local_times_of_the_admin_are_what_it_shows():
    moment = dt.datetime(2026, 11, 12, 11, 27, tzinfo=UTC)
    with translation.override("en"), timezone.override(zoneinfo.ZoneInfo("Europe/Brussels")):
        assert LocalTimes()(moment) == "12 November 2026, 12:27"
        assert LocalTimes()(moment) == formats.localize(timezone.template_localtime(moment))
