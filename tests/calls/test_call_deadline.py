"""The deadline, as every page writes it: in the call's zone, named by its city, kept."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override

from calls.templatetags import call_text
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db

TAG = Template("{% load call_text %}{% call_deadline call %}")


def test_the_deadline_is_the_templates_in_every_language_and_zone():
    winter = dt.datetime(2027, 1, 15, 16, 0, tzinfo=dt.UTC)
    calls = [CallFactory(deadline=winter, time_zone=zone)
             for zone in ("Europe/Brussels", "Europe/Lisbon", "Europe/Helsinki")]  # fmt: skip
    for _ in range(2):  # written, then kept
        for language in ("en", "fr", "de"):
            with override(language):
                for call in calls:
                    written = TAG.render(Context({"call": call}))
                    assert written == render_to_string("calls/_deadline.html", {"call": call})
    with override("fr"):
        assert "17:00 CET" in TAG.render(Context({"call": calls[0]}))
        assert "18:00 EET, heure de Helsinki" in TAG.render(Context({"call": calls[2]}))


def test_a_moved_deadline_is_written_again():
    call = CallFactory(time_zone="Europe/Brussels")
    call.deadline = dt.datetime(2027, 3, 1, 11, 0, tzinfo=dt.UTC)
    with override("en"):
        assert "12:00 CET" in TAG.render(Context({"call": call}))
        call.deadline = dt.datetime(2027, 7, 1, 11, 0, tzinfo=dt.UTC)
        assert "13:00 CEST" in TAG.render(Context({"call": call}))


def test_the_kept_deadlines_cannot_fill_the_memory():
    call = CallFactory()
    start = call.deadline
    for minutes in range(call_text._MAX_DEADLINES + 5):
        call.deadline = start + dt.timedelta(minutes=minutes)
        TAG.render(Context({"call": call}))
    assert len(call_text._deadlines) <= call_text._MAX_DEADLINES


def test_a_call_outside_brussels_shows_its_deadline_in_its_own_clock(client):
    """The site's zone is Brussels: a call in Helsinki still shows Helsinki's hour."""
    deadline = dt.datetime(2027, 1, 15, 16, 0, tzinfo=dt.UTC)
    call = CallFactory(deadline=deadline, time_zone="Europe/Helsinki")
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Friday 15 January 2027, 18:00 EET, Helsinki time" in page
    assert 'datetime="2027-01-15T17:00:00+01:00"' in page  # the exact instant, for machines


LEFT = Template("{% load call_text %}{% time_left call %}|{% time_left call 'sentence' %}")
DJANGOS = Template(
    "{% load i18n %}{% blocktranslate with left=call.deadline|timeuntil %}{{ left }} left"
    "{% endblocktranslate %}|{% blocktranslate with left=call.deadline|timeuntil %}Time left: "
    "{{ left }}.{% endblocktranslate %}"
)


@pytest.mark.parametrize(
    "left", [dt.timedelta(minutes=5, seconds=30), dt.timedelta(hours=3, minutes=1, seconds=30),
             dt.timedelta(days=40, hours=2, seconds=30)],
    ids=["minutes", "hours", "weeks"],
)  # fmt: skip
def test_the_time_left_is_djangos_in_every_language(left):
    # Half a minute from a change of minute: the tag counts from the second, Django from the
    # microsecond, and the test takes some time.
    deadline = timezone.now() + left
    call = CallFactory(deadline=deadline)
    for _ in range(2):  # written, then kept
        for language in ("en", "fr", "de"):
            with override(language):
                context = Context({"call": call})
                assert LEFT.render(context) == DJANGOS.render(context)
    with override("fr"):
        assert LEFT.render(Context({"call": call})).startswith("encore ")


def test_the_time_left_is_escaped_and_counted_again_when_the_deadline_moves():
    call = CallFactory()
    with override("en"):
        before = call_text.time_left(call)
        call.deadline += dt.timedelta(days=9)
        assert call_text.time_left(call) != before
        assert "<" not in call_text.time_left(call)
