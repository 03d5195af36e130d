"""The themes a call offers, kept per version of the call: read once, and never stale."""

import datetime as dt

import pytest

from calls import themes
from calls.models import Call
from calls.themes import offered_themes
from tests.factories import CallFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def fresh(call: Call) -> Call:
    return Call.objects.get(pk=call.pk)


def test_the_themes_are_read_once_per_version(django_assert_num_queries):
    call = CallFactory()
    call.themes.set([ThemeFactory(name="Housing"), ThemeFactory(name="Jobs")])
    call = fresh(call)
    with django_assert_num_queries(1):
        assert [theme.name for theme in offered_themes(call)] == ["Housing", "Jobs"]
    with django_assert_num_queries(0):
        assert len(offered_themes(call)) == 2


def test_a_theme_added_renamed_or_removed_shows_at_once():
    housing, jobs = ThemeFactory(name="Housing"), ThemeFactory(name="Jobs")
    call = CallFactory()
    call.themes.set([housing])
    assert [t.name for t in offered_themes(fresh(call))] == ["Housing"]
    call.themes.add(jobs)
    assert [t.name for t in offered_themes(fresh(call))] == ["Housing", "Jobs"]
    jobs.name = "Work"
    jobs.save()
    assert [t.name for t in offered_themes(fresh(call))] == ["Housing", "Work"]
    call.themes.remove(housing)
    assert [t.name for t in offered_themes(fresh(call))] == ["Work"]


def test_the_process_keeps_what_it_read_per_version(django_assert_num_queries, monkeypatch):
    call = CallFactory()
    call.themes.set([ThemeFactory(name="Housing")])
    offered_themes(fresh(call))  # read from the database, kept in the cache and the process
    again = fresh(call)
    monkeypatch.setattr(themes.cache, "get", unreachable)
    with django_assert_num_queries(0):  # neither the database nor the shared cache
        assert [t.name for t in offered_themes(again)] == ["Housing"]


def unreachable(*args, **kwargs):
    raise AssertionError("the shared cache was read")


def test_the_lists_kept_by_the_process_are_bounded():
    call = fresh(CallFactory())
    for _ in range(themes._MAX_READ + 5):
        call.updated_at += dt.timedelta(seconds=1)
        call.__dict__.pop("_offered_themes", None)
        offered_themes(call)
    assert len(themes._read) <= themes._MAX_READ
