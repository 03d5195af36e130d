"""The call's texts in each language, on the call's admin pages.

The forms are django-modeltranslation's (one field per language: ``title_en``, ``title_fr``,
...). Its tabbed variant needs jQuery UI from a CDN, which our Content-Security-Policy and the
offline rule forbid, so the fields are grouped by language instead: English open, each other
language in a fieldset that opens on a click (a ``<details>`` element, no script) and opens by
itself when one of its fields has an error. ``LanguagesAdminMixin`` adds the marker of which
languages are complete: a column in the list of calls and a box on the call's page.
"""

from django.conf import settings
from django.contrib import admin
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline
from modeltranslation.utils import build_localized_fieldname

from .languages import PARTS_TO_PREFETCH, codes, languages_of
from .models import CallSection, Contact, CostCategory, CriterionLevel


def _texts_in(language: str) -> str:
    return gettext("Texts: %(language)s") % {"language": language}


# A fieldset's heading, in the admin's language at the time it is shown.
texts_in = lazy(_texts_in, str)


def in_languages(field: str) -> tuple[str, ...]:
    """``title`` → ``("title_en", "title_fr", ...)``: one line of the form, side by side."""
    return tuple(build_localized_fieldname(field, code) for code in codes())


def language_fieldsets(texts, *, first=None) -> list:
    """A fieldset per language holding ``texts`` in it, after ``first`` (the fields that are
    the same in every language), if any. English is open; the others open on a click."""
    fieldsets = [(None, {"fields": list(first)})] if first else []
    for code, name in settings.LANGUAGES:
        options = {"fields": [build_localized_fieldname(text, code) for text in texts]}
        if code != settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
            options["classes"] = ["collapse"]
        fieldsets.append((texts_in(name), options))
    return fieldsets


class TextsStackedInline(TranslationStackedInline):
    extra = 0


class CallSectionInline(TextsStackedInline):
    model = CallSection
    fieldsets = language_fieldsets(["heading", "body"], first=["order"])


class CostCategoryInline(TextsStackedInline):
    model = CostCategory
    fields = ["order", in_languages("name"), in_languages("description")]


class ContactInline(TextsStackedInline):
    model = Contact
    fields = [("name", "email", "phone", "order"), in_languages("role")]


CALL_TEXTS_FIELDSETS = [
    (
        None,
        {
            "fields": ["slug", "reference_prefix", "state", "translation_status"],
            "description": _(
                "Each text can be written in every language; where a language lacks one, the "
                "public pages show the English text. A criterion's texts and score levels in "
                "every language are on the criterion's own page: its Change link under Criteria."
            ),
        },
    ),
    *language_fieldsets(["title", "summary", "eligibility"]),
]


class CriterionLevelInline(TranslationTabularInline):
    model = CriterionLevel
    extra = 0
    classes = ["calls-fit"]  # static/css/admin-calls.css


class LanguagesAdminMixin:
    """The list of calls says which languages each call is complete in; the call's page says
    what each language lacks. The list loads every call's parts in a fixed number of queries."""

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(*PARTS_TO_PREFETCH)

    @admin.display(description=_("languages"))
    def languages(self, call):
        status = languages_of(call)
        complete = " ".join(code.upper() for code in status.complete)
        if not status.incomplete:
            return complete
        missing = ", ".join(code.upper() for code in status.incomplete)
        return _("%(complete)s — %(missing)s missing") % {"complete": complete, "missing": missing}

    @admin.display(description=_("translations"))
    def translation_status(self, call):
        if call.pk is None:
            return _("Once the call is saved, this shows which languages are complete.")
        status = languages_of(call)
        return format_html(
            "<ul class='translation-status'>{}</ul>",
            format_html_join("", "<li>{}</li>", ((_language_status(code, name, status),)
                                                  for code, name in settings.LANGUAGES)),
        )  # fmt: skip


def _language_status(code: str, name: str, status) -> str:
    """A language's line in the box: complete, or how many texts it lacks and (on a click)
    which."""
    missing = status.missing[code]
    if not missing:
        return format_html("<strong>{}</strong>: {}", name, _("complete"))
    count = ngettext("%(count)d text missing", "%(count)d texts missing", len(missing)) % {
        "count": len(missing)
    }
    return format_html(
        "<details><summary><strong>{}</strong>: {}</summary><ul>{}</ul></details>",
        name,
        count,
        format_html_join("", "<li>{}</li>", ((text,) for text in missing)),
    )
