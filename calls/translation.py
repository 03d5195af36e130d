"""The call's own texts, written by staff in each language (django-modeltranslation).

Each field named here gets one column per language of ``settings.LANGUAGES`` (``title_en``,
``title_fr``, ...). Reading ``call.title`` gives the active language's text, or the English one
where that language's is empty (``MODELTRANSLATION_FALLBACK_LANGUAGES``). Which languages of a
call are complete is ``calls/languages.py``.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Call, CallSection, Contact, CostCategory, Criterion, CriterionLevel, Theme

# A name is unique (a theme's, or per call: a criterion's, a cost category's), and so is each
# language's column of it: a name not yet translated is stored as NULL, never as "", so that
# any number of them can wait for their translation.
NULL_NAMES = {"name": None}


@register(Call)
class CallTexts(TranslationOptions):
    fields = ("title", "summary", "eligibility")


@register(CallSection)
class SectionTexts(TranslationOptions):
    fields = ("heading", "body")


@register(Theme)
class ThemeTexts(TranslationOptions):
    fields = ("name", "description")
    empty_values = NULL_NAMES


@register(Criterion)
class CriterionTexts(TranslationOptions):
    fields = ("name", "description")
    empty_values = NULL_NAMES


@register(CriterionLevel)
class LevelTexts(TranslationOptions):
    fields = ("description",)


@register(CostCategory)
class CostCategoryTexts(TranslationOptions):
    fields = ("name", "description")
    empty_values = NULL_NAMES


@register(Contact)
class ContactTexts(TranslationOptions):
    fields = ("role",)
