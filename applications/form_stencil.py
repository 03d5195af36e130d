"""The application form's fields as written for an unbound form, kept with holes for the answers.

An officer reads their form far more often than they post it with a mistake: every page load,
every return to a draft. The fields of an unbound form differ from one officer to the next only
by their answers; their labels, help texts, widgets and attributes are the same for every form of
one call version, language and kind of form (``prepared_key``). So the markup of the fieldsets
is written once for that key, from a form whose text answers are markers, and cut at the
markers: a page then writes each answer into its hole (escaped, as the widget would write it).
The country list and the themes' checkboxes are written whole, through the usual tag, once per
choice made (a country, a set of themes), and kept.

A bound form (a posted one, with or without errors) is written field by field as before
(``fieldsets_markup``). ``tests/applications/test_form_stencil.py`` compares the two, byte for
byte, for blank, filled and hostile answers in several languages.
"""

from django import forms
from django.forms.widgets import ChoiceWidget

from consolidate.escaping import escaped

from .templatetags.application_field import application_field

_OPEN = "\n        <fieldset>\n          <legend>{}</legend>\n          "
_CLOSE = "\n        </fieldset>\n      "
_MARK = "\ue000{}\ue001"  # a private-use character on each side: in no label, not escaped


def fieldsets_markup(form) -> str:
    """What form.html wrote for each part of the form: its fieldset, legend and fields."""
    out = []
    for legend, fields in form.fieldsets():
        out.append(_OPEN.format(escaped(legend)))
        out.extend(application_field(form, field) for field in fields)
        out.append(_CLOSE)
    return "".join(out)


def _value(form, name: str):
    """The value the widget writes, as BoundField.value() and the widget's context give it."""
    field = form.fields[name]
    return field.widget.format_value(field.prepare_value(form.get_initial_for_field(field, name)))


class _Text:
    """A text answer: the ``value`` attribute of an input, or the text of a textarea."""

    def __init__(self, name: str, in_textarea: bool):
        self.name, self.in_textarea = name, in_textarea

    def write(self, form, kept: dict) -> str:
        value = _value(form, self.name)
        if self.in_textarea:
            return escaped(value) if value else ""
        return "" if value is None else f' value="{escaped(value)}"'


class _Choice:
    """A select or checkboxes: the field written whole, once per choice made."""

    def __init__(self, name: str):
        self.name = name

    def write(self, form, kept: dict) -> str:
        key = (self.name, tuple(_value(form, self.name)))
        written = kept.get(key)
        if written is None:
            if len(kept) >= _MAX_CHOICES:
                kept.clear()
            written = kept[key] = application_field(form, form[self.name])
        return written


_MAX_CHOICES = 512


class Stencil:
    """The fieldsets' markup for one ``prepared_key``: text, and holes."""

    def __init__(self, form_class, call, for_submission: bool):
        marked = form_class(
            call=call, for_submission=for_submission,
            initial={name: _MARK.format(name) for name in form_class.base_fields},
        )  # fmt: skip
        self.parts: list = []
        self.kept: dict = {}
        for legend, fields in marked.fieldsets():
            self.parts.append(_OPEN.format(escaped(legend)))
            for field in fields:
                self._cut(marked, field)
            self.parts.append(_CLOSE)

    def _cut(self, marked, field) -> None:
        widget = field.field.widget
        if isinstance(widget, ChoiceWidget):
            self.parts.append(_Choice(field.name))
            return
        mark = _MARK.format(field.name)
        in_textarea = isinstance(widget, forms.Textarea)
        hole = mark if in_textarea else f' value="{mark}"'
        pieces = application_field(marked, field).split(hole)
        if len(pieces) != 2:
            raise ValueError(f"{field.name}: the answer is not written once in its markup")
        self.parts.extend([pieces[0], _Text(field.name, in_textarea), pieces[1]])

    def write(self, form) -> str:
        return "".join(
            part if type(part) is str else part.write(form, self.kept) for part in self.parts
        )


_stencils: dict[tuple, Stencil] = {}
_MAX_STENCILS = 256


def form_markup(form) -> str:
    """The fieldsets of ``form`` (an ApplicationForm): from its stencil when unbound."""
    if form.is_bound:
        return fieldsets_markup(form)
    stencil = _stencils.get(form.prepared_key)
    if stencil is None:
        if len(_stencils) >= _MAX_STENCILS:
            _stencils.clear()
        stencil = Stencil(type(form), form.call, form.for_submission)
        _stencils[form.prepared_key] = stencil
    return stencil.write(form)
