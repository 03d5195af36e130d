"""The ticked themes read with the application (one query), the same as Django reads them."""

import pytest

from applications.models import Application
from applications.ticked import remember_ticked_themes, with_ticked_themes
from tests.factories import ApplicationFactory, CallFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def loaded(application) -> Application:
    found = with_ticked_themes(Application.objects.select_related("call")).get(pk=application.pk)
    remember_ticked_themes(found)
    return found


def test_the_ticked_themes_come_with_the_application_in_the_calls_order(
    django_assert_num_queries,
):
    themes = [ThemeFactory(name=name, order=order) for order, name in enumerate("ABCD")]
    call = CallFactory(themes=themes)
    application = ApplicationFactory(call=call, themes=[themes[3], themes[1]])
    loaded(application)  # the call's themes are now kept for its version
    with django_assert_num_queries(1):
        found = loaded(application)
        ticked = list(found.themes.all())
    assert ticked == [themes[1], themes[3]] == list(application.themes.all())


def test_no_theme_ticked_reads_as_none(django_assert_num_queries):
    application = ApplicationFactory(call=CallFactory(themes=[ThemeFactory()]), themes=[])
    loaded(application)
    with django_assert_num_queries(1):
        assert list(loaded(application).themes.all()) == []


def test_a_theme_the_call_no_longer_offers_is_still_read_from_the_database():
    kept, dropped = ThemeFactory(name="Kept"), ThemeFactory(name="Dropped")
    call = CallFactory(themes=[kept, dropped])
    application = ApplicationFactory(call=call, themes=[kept, dropped])
    call.themes.set([kept])
    assert set(loaded(application).themes.all()) == {kept, dropped}
