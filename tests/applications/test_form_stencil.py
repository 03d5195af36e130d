"""The unbound application form written from its kept markup is, byte for byte, the form
written field by field, whatever the answers; a posted form is written field by field."""

import pytest
from django.utils.translation import override

from applications.form_stencil import fieldsets_markup, form_markup
from applications.forms import ApplicationForm
from applications.models import Application
from tests.factories import ApplicationFactory, CallFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(\"x\")</script> & 'quoted' \ue000city\ue001"


@pytest.fixture
def call():
    return CallFactory(themes=[ThemeFactory(name="Housing"), ThemeFactory(name="Jobs & <skills>")])


def both(form) -> tuple[str, str]:
    return form_markup(form), fieldsets_markup(form)


def blank(call) -> Application:
    user = UserFactory(roles=["applicant"])
    return Application(call=call, applicant=user, email=user.email)


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_a_blank_form_is_written_as_field_by_field(call, language):
    with override(language):
        kept, written = both(ApplicationForm(instance=blank(call), call=call))
    assert kept == written
    assert "selected>" in kept  # "Choose a country", as Django selects it for a blank answer


@pytest.mark.parametrize("language", ["en", "fr"])
def test_answers_are_written_into_their_places_and_escaped(call, language):
    application = ApplicationFactory(
        call=call, city=HOSTILE, country="FR", phone="", department="  ",
        challenge="First line\n\nSecond <b>line</b> & more", question=HOSTILE,
    )  # fmt: skip
    application.themes.set(call.themes.filter(name="Housing"))
    with override(language):
        kept, written = both(ApplicationForm(instance=application, call=call))
    assert kept == written
    assert "<script>" not in kept
    assert "&lt;script&gt;" in kept
    assert kept.count(" checked") == 1


def test_each_officer_gets_their_own_answers_and_choices(call):
    first = ApplicationFactory(call=call, city="Lyon", country="FR")
    first.themes.set(call.themes.all())
    second = ApplicationFactory(call=call, city="Gent", country="BE")
    second.themes.set([])
    for application in [first, second, first]:
        kept, written = both(ApplicationForm(instance=application, call=call))
        assert kept == written
    assert 'value="Lyon"' in form_markup(ApplicationForm(instance=first, call=call))
    gent = form_markup(ApplicationForm(instance=second, call=call))
    assert 'value="Gent"' in gent and 'value="Lyon"' not in gent
    assert '<option value="BE" selected>' in gent
    assert " checked" not in gent


def test_a_new_word_limit_is_on_the_next_form(call):
    call.word_limit = 500
    call.save()
    assert 'data-word-limit="500"' in form_markup(ApplicationForm(instance=blank(call), call=call))
    call.word_limit = 300
    call.save()
    kept, written = both(ApplicationForm(instance=blank(call), call=call))
    assert kept == written
    assert 'data-word-limit="300"' in kept


def test_a_posted_form_with_errors_is_written_field_by_field(call):
    form = ApplicationForm({"city": "<b>Lyon</b>"}, call=call, for_submission=True)
    assert not form.is_valid()
    kept = form_markup(form)
    assert kept == fieldsets_markup(form)
    assert "is-invalid" in kept
    assert 'value="&lt;b&gt;Lyon&lt;/b&gt;"' in kept
