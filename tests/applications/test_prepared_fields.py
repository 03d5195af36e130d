"""Each form copies the fields set up for its call, language and kind: nothing leaks between
forms, and a change to the call is on the next form."""

import pytest
from django.utils.translation import override

from applications.forms import ApplicationForm
from tests.factories import CallFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def field_html(form, name) -> str:
    return str(form[name])


def test_a_forms_errors_stay_on_that_form():
    call = CallFactory()
    refused = ApplicationForm({"city": ""}, call=call, for_submission=True)
    assert not refused.is_valid()
    assert "is-invalid" in field_html(refused, "city")
    assert "is-invalid" not in field_html(ApplicationForm(call=call), "city")
    assert "is-invalid" not in field_html(ApplicationForm(call=call, for_submission=True), "city")


def test_a_draft_needs_nothing_and_a_submission_everything():
    call = CallFactory()
    assert not ApplicationForm(call=call).fields["city"].required
    assert ApplicationForm(call=call, for_submission=True).fields["city"].required
    assert not ApplicationForm(call=call).fields["city"].required


def test_a_new_word_limit_and_new_themes_are_on_the_next_form():
    call = CallFactory(word_limit=500)
    assert 'data-word-limit="500"' in field_html(ApplicationForm(call=call), "challenge")
    call.word_limit = 300
    call.save()
    form = ApplicationForm(call=call)
    assert 'data-word-limit="300"' in field_html(form, "challenge")
    assert "300 words" in form.fields["challenge"].help_text
    added = ThemeFactory(name="Housing first")
    call.themes.add(added)
    call.refresh_from_db()
    assert "Housing first" in field_html(ApplicationForm(call=call), "themes")


def test_each_language_has_its_own_fields():
    call = CallFactory()
    with override("fr"):
        french = ApplicationForm(call=call)
    with override("en"):
        english = ApplicationForm(call=call)
    assert french.fields["country"].choices.pairs != english.fields["country"].choices.pairs
    assert ("BE", "Belgique") in french.fields["country"].choices.pairs
    assert french.fields["city"].label != english.fields["city"].label


def written(fields) -> list:
    """What a form could change of its fields: each one's settings and its widget's."""
    return [
        (name, field.required, field.label, field.help_text, dict(field.widget.attrs))
        for name, field in fields.items()
    ]


def test_an_unbound_form_reads_the_prepared_fields_and_changes_nothing():
    call = CallFactory()
    shown = ApplicationForm(call=call)
    prepared = written(shown.fields)
    str(shown["city"]), list(shown), shown.errors  # noqa: B018 (rendered and checked)
    refused = ApplicationForm({"city": ""}, call=call, for_submission=True)
    assert not refused.is_valid()  # a bound form changes its own copy (is-invalid)
    assert written(ApplicationForm(call=call).fields) == prepared
    with pytest.raises(TypeError):
        shown.fields["city"] = shown.fields["country"]
