"""Django's ``i18n`` template library, with a fixed ``{% translate "…" %}`` kept per language.

Every page has a dozen to twenty ``{% translate "a sentence" %}`` tags, and each one, on every
page, makes a lazy string, walks gettext's chain of catalogues, escapes the text and restores
its percent signs: some 40 µs a tag, a millisecond of the accessibility statement's three. The
text of such a tag depends only on the active language (and on whether the template escapes),
so the tag keeps what it rendered the first time in a language and gives it back after that.

Only a tag with a quoted text and nothing else is kept: a variable, a filter, ``as``,
``context`` or ``noop`` goes through Django's own node on every page. Settings' tests clear
what was kept (``setting_changed``). TEMPLATES' ``libraries`` maps ``i18n`` to this module, so
every ``{% load i18n %}`` (ours, the admin's, allauth's) loads it; every other tag and filter is
Django's own.
"""

from django import template
from django.core.checks import Warning as CheckWarning
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import Node, Variable
from django.template.backends.django import DjangoTemplates
from django.templatetags import i18n
from django.utils.translation import get_language

register = template.Library()
register.tags.update(i18n.register.tags)
register.filters.update(i18n.register.filters)

# Bumped when a setting changes (a test's languages or catalogues): every kept text is dropped.
_generation = [0]


class KeptTranslateNode(Node):
    """A fixed ``{% translate %}``: Django's node, rendered once per language and escaping."""

    child_nodelists = ()

    def __init__(self, node: i18n.TranslateNode):
        self.node = node
        self._kept: dict[tuple, str] = {}
        self._generation = _generation[0]

    def render(self, context) -> str:
        if self._generation != _generation[0]:
            self._kept, self._generation = {}, _generation[0]
        key = (get_language(), context.autoescape)
        text = self._kept.get(key)
        if text is None:
            text = self._kept[key] = self.node.render(context)
        return text


def is_fixed(node: i18n.TranslateNode) -> bool:
    """A quoted text with no filter, no ``as``, no ``context``, no ``noop``."""
    expression = node.filter_expression
    variable = expression.var
    return (
        not node.noop
        and node.asvar is None
        and node.message_context is None
        and not expression.filters
        and isinstance(variable, Variable)
        and variable.lookups is None
        and isinstance(variable.literal, str)
    )


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = i18n.do_translate(parser, token)
    return KeptTranslateNode(node) if is_fixed(node) else node


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    _generation[0] += 1


class Templates(DjangoTemplates):
    """Django's template backend (TEMPLATES' BACKEND), whose check (templates.W003, "a library
    name used by two modules") accepts the replacements made on purpose: ``i18n`` by this
    module, ``admin_list`` by quick_admin_list, ``static`` by kept_static. Any other library
    sharing a name is reported."""

    REPLACED = {
        "i18n": ("django.templatetags.i18n", __name__),
        "admin_list": (
            "consolidate.templatetags.quick_admin_list",
            "django.contrib.admin.templatetags.admin_list",
        ),
        "static": ("consolidate.templatetags.kept_static", "django.templatetags.static"),
    }

    def _check_for_template_tags_with_the_same_name(self) -> list:
        accepted = {
            f"{name!r} is used for multiple template tag modules: "
            + ", ".join(repr(module) for module in sorted(modules))
            for name, modules in self.REPLACED.items()
        }
        found = super()._check_for_template_tags_with_the_same_name()
        return [check for check in found if not _accepted(check, accepted)]


def _accepted(check, messages: set[str]) -> bool:
    return (
        isinstance(check, CheckWarning) and check.id == "templates.W003" and check.msg in messages
    )
