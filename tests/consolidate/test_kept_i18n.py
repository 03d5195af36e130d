"""A fixed {% translate %} is kept per language and gives what Django's tag gives."""

import pytest
from django.template import Context, Engine, Template
from django.template.engine import Engine as DjangoEngine
from django.test import override_settings
from django.utils.translation import override

from consolidate.templatetags import kept_i18n

SOURCE = (
    '{% load i18n %}<p>{% translate "Save draft" %}|{% trans "Deadline:" %}|'
    '{% translate "Save draft" as saved %}{{ saved }}|{% translate word %}|'
    '{% translate "Save draft"|upper %}|{% translate "May" context "month name" %}|'
    '{% translate "Save draft" noop %}|{% translate "100%% <sure>" %}</p>'
)


def djangos(source: str) -> Template:
    """The template with Django's own i18n library."""
    return DjangoEngine(libraries={"i18n": "django.templatetags.i18n"}).from_string(source)


def ours(source: str) -> Template:
    return Engine.get_default().from_string(source)


@pytest.mark.parametrize("autoescape", [True, False])
def test_every_translate_tag_gives_what_djangos_gives_in_every_language(autoescape):
    template = ours(SOURCE)
    for _ in range(2):  # rendered, then kept
        for language in ("en", "fr", "de", "en"):
            with override(language):
                context = {"word": "Submit application"}
                expected = djangos(SOURCE).render(Context(context, autoescape=autoescape))
                got = template.render(Context(context, autoescape=autoescape))
                assert got == expected
    with override("fr"):
        assert "Enregistrer le brouillon|" in template.render(Context({"word": ""}))


def test_only_a_quoted_text_alone_is_kept():
    template = ours(SOURCE)
    nodes = [type(node).__name__ for node in template.nodelist if "Translate" in repr(type(node))]
    kept, plain = "KeptTranslateNode", "TranslateNode"
    assert nodes == [kept, kept, plain, plain, plain, plain, plain, kept]


def test_a_changed_setting_translates_again():
    template = ours('{% load i18n %}{% translate "Save draft" %}')
    with override("fr"):
        first = template.render(Context())
    generation = kept_i18n._generation[0]
    with override_settings(LANGUAGES=[("fr", "French"), ("en", "English")]), override("fr"):
        assert kept_i18n._generation[0] == generation + 1
        assert template.render(Context()) == first == "Enregistrer le brouillon"
    (_load, node) = template.nodelist
    assert node._generation == generation + 1  # rendered again under the changed setting


def test_the_template_check_accepts_the_one_library_replaced_on_purpose():
    from django.template import engines

    from consolidate.templatetags.kept_i18n import Templates

    assert engines["django"].check() == []
    params = {"NAME": "x", "DIRS": [], "APP_DIRS": False, "OPTIONS": {"libraries": {
        "i18n": "consolidate.templatetags.kept_i18n", "site": "consolidate.templatetags.kept_i18n",
    }}}  # fmt: skip
    warned = [check.msg for check in Templates(params).check()]
    assert len(warned) == 1 and warned[0].startswith("'site' is used for multiple")
