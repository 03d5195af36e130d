"""Which languages a call's texts are complete in, and what each language still lacks.

A text is expected in every language as soon as one language has it (English, the source, in
practice). A language is complete for a call when none of the call's texts, nor those of its
sections, criteria and their score levels, cost categories, contacts and the themes it offers,
is empty in it; where it is, the public pages show the English text instead.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from .models import CriterionLevel

# What the list of calls in the admin loads to show each call's languages in one go.
PARTS_TO_PREFETCH = [
    "sections",
    "themes",
    "cost_categories",
    "contacts",
    Prefetch("criteria__levels", queryset=CriterionLevel.objects.order_by("score")),
]


def codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def text_fields(obj) -> tuple[str, ...]:
    """The translated fields of ``obj``'s model, in their declared order."""
    return tuple(translator.get_options_for_model(type(obj)).fields)


def text_in(obj, field: str, language: str) -> str:
    return (getattr(obj, build_localized_fieldname(field, language)) or "").strip()


@dataclass(frozen=True)
class Languages:
    """For each language code, the texts it lacks (labels a person reads)."""

    missing: dict[str, list[str]]

    @property
    def complete(self) -> list[str]:
        return [code for code, texts in self.missing.items() if not texts]

    @property
    def incomplete(self) -> list[str]:
        return [code for code, texts in self.missing.items() if texts]


def _label(obj, field: str, owner: str) -> str:
    name = str(obj._meta.get_field(field).verbose_name)
    return f"{owner}: {name}" if owner else name


def _parts(call):
    """Each object holding a text of the call, with how a person recognises it (its name in
    the active language, or English)."""
    yield call, ""
    for section in call.sections.all():
        yield section, _("section “%(name)s”") % {"name": section.heading}
    for theme in call.themes.all():
        yield theme, _("theme “%(name)s”") % {"name": theme.name}
    for criterion in call.criteria.all():
        name = criterion.name
        yield criterion, _("criterion “%(name)s”") % {"name": name}
        for level in criterion.levels.all():
            owner = _("score %(score)s of criterion “%(name)s”")
            yield level, owner % {"score": level.score, "name": name}
    for category in call.cost_categories.all():
        yield category, _("cost category “%(name)s”") % {"name": category.name}
    for contact in call.contacts.all():
        yield contact, _("contact %(name)s") % {"name": contact.name}


def languages_of(call) -> Languages:
    """What each language lacks of ``call``'s texts. Prefetch ``PARTS_TO_PREFETCH`` for many."""
    missing = {code: [] for code in codes()}
    for obj, owner in _parts(call):
        for field in text_fields(obj):
            texts = {code: text_in(obj, field, code) for code in missing}
            if any(texts.values()):
                for code, text in texts.items():
                    if not text:
                        missing[code].append(_label(obj, field, owner))
    return Languages(missing)
