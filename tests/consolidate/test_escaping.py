"""``escaped`` escapes as Django does, and a lazy string's text follows the active language."""

import pytest
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, override

from consolidate import escaping
from consolidate.escaping import escaped

SAVE = gettext_lazy("Save draft")


@pytest.mark.parametrize(
    "value",
    ['<b>"a" & \'b\'</b>', mark_safe("<i>kept</i>"), 42, None, SAVE,
     mark_safe(gettext_lazy("Save draft")), format_lazy("{} <{}>", SAVE, "x")],
)  # fmt: skip
def test_escaped_is_djangos_conditional_escape(value):
    for language in ("en", "fr"):
        with override(language):
            assert escaped(value) == conditional_escape(value)


def test_a_lazy_strings_text_is_kept_per_language():
    with override("fr"):
        french = escaped(SAVE)
    with override("en"):
        assert escaped(SAVE) == "Save draft"
    with override("fr"):
        assert escaped(SAVE) == french != "Save draft"
    assert ("fr", id(SAVE)) in escaping._texts


def test_lazy_strings_made_on_the_fly_cannot_fill_the_memory():
    for number in range(escaping._MAX_TEXTS + 10):
        escaped(format_lazy("{} {}", SAVE, number))
    assert len(escaping._texts) <= escaping._MAX_TEXTS


def test_a_changed_setting_translates_again(settings):
    escaped(SAVE)
    settings.LANGUAGES = [("en", "English")]
    assert escaping._texts == {}
