"""Django's form renderer, with its plainest widget templates written in Python.

A form page renders each widget through Django's template chain (``text.html`` includes
``input.html``, which includes ``attrs.html``; a select includes ``select_option.html`` and
``attrs.html`` once per option): on the application form, with its 28 countries, that chain was
most of the page's time. The templates below produce byte for byte what Django's templates
produce (``tests/consolidate/test_form_renderer.py`` compares them); any other template, or a
project's own override of one of them, goes through the template engine as before.
"""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.template import TemplateDoesNotExist
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import mark_safe

from consolidate.escaping import escaped

WIDGETS = "django/forms/widgets/"
# The widget templates that are only {% include "django/forms/widgets/input.html" %}.
INPUTS = {
    f"{WIDGETS}{name}.html"
    for name in [
        "input",
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    ]  # fmt: skip
}


def _s(value) -> str:
    """The ``stringformat:'s'`` filter."""
    return "%s" % (value,)  # noqa: UP031 (exactly what the filter does)


# (name, value) -> the attribute as written: the same few attributes (classes, ids, "rows",
# "aria-required") are on every form page. Emptied when full (values can be anything).
_written: dict[tuple, str] = {}
_MAX_WRITTEN = 4096


def _written_attr(name, value) -> str:
    if value is False:
        return ""
    if value is True:
        return f" {escaped(name)}"
    return f' {escaped(name)}="{escaped(_s(value))}"'


def _attr(name, value) -> str:
    """One attribute, as attrs.html writes it ("" for False); kept for text, numbers, booleans."""
    if type(value) not in (str, int, bool):
        return _written_attr(name, value)
    key = (name, value, type(value))
    written = _written.get(key)
    if written is None:
        if len(_written) >= _MAX_WRITTEN:
            _written.clear()
        written = _written[key] = _written_attr(name, value)
    return written


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join([_attr(name, value) for name, value in attrs.items()])


def _input(widget: dict) -> str:
    """input.html (with its last line's newline, which an including template keeps)."""
    value = widget["value"]
    shown = "" if value is None else f' value="{escaped(_s(value))}"'
    name = escaped(widget["name"])
    kind = escaped(widget["type"])
    return f'<input type="{kind}" name="{name}"{shown}{_attrs(widget["attrs"])}>\n'


def _textarea(widget: dict) -> str:
    value = escaped(widget["value"]) if widget["value"] else ""
    name = escaped(widget["name"])
    return f'<textarea name="{name}"{_attrs(widget["attrs"])}>\n{value}</textarea>\n'


def _option(widget: dict) -> str:
    """select_option.html."""
    value = escaped(_s(widget["value"]))
    label = escaped(widget["label"])
    return f'<option value="{value}"{_attrs(widget["attrs"])}>{label}</option>\n'


def _input_option(widget: dict) -> str:
    """input_option.html (checkbox_option.html and radio_option.html include it)."""
    if not widget.get("wrap_label"):
        return _input(widget) + "\n"
    label_id = widget["attrs"].get("id")
    label_for = f' for="{escaped(label_id)}"' if label_id else ""
    label = escaped(widget["label"])
    return f"<label{label_for}>{_input(widget)} {label}</label>\n"


def _included(widget: dict) -> str:
    """An option through its own template, as {% include option.template_name %} does."""
    render = OPTIONS.get(widget["template_name"])
    if render is None:
        raise TemplateDoesNotExist(widget["template_name"])
    return render(widget)


def _select(widget: dict) -> str:
    out = [f'<select name="{escaped(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{escaped(group_name)}">')
        out.extend(f"\n  {_included(option)}" for option in options)
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def _multiple_input(widget: dict) -> str:
    """multiple_input.html (checkbox_select.html and radio.html include it)."""
    attrs = widget["attrs"]
    out = ["<div"]
    if attrs.get("id"):
        out.append(f' id="{escaped(attrs["id"])}"')
    if attrs.get("class"):
        out.append(f' class="{escaped(attrs["class"])}"')
    out.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{escaped(group)}</label>")
        out.extend(f"<div>\n    {_included(option)}</div>" for option in options)
        if group:
            out.append("\n  </div>")
    out.append("\n</div>\n")
    return "".join(out)


OPTIONS = {
    f"{WIDGETS}select_option.html": _option,
    f"{WIDGETS}checkbox_option.html": lambda widget: _input_option(widget) + "\n",
    f"{WIDGETS}radio_option.html": lambda widget: _input_option(widget) + "\n",
}
TEMPLATES = {
    **{name: _input for name in INPUTS},
    f"{WIDGETS}textarea.html": _textarea,
    f"{WIDGETS}select.html": _select,
    f"{WIDGETS}checkbox_select.html": _multiple_input,
    f"{WIDGETS}radio.html": _multiple_input,
    f"{WIDGETS}multiple_input.html": _multiple_input,
    f"{WIDGETS}input_option.html": _input_option,
    **OPTIONS,
}


class FastWidgets(DjangoTemplates):
    """FORM_RENDERER: Django's templates, the plain widgets in Python (see above)."""

    def render(self, template_name, context, request=None):
        render = TEMPLATES.get(template_name)
        if render is None or "widget" not in context or self._overridden(template_name):
            return super().render(template_name, context, request=request)
        return render(context["widget"]).strip()

    _checked: dict = {}

    def _overridden(self, template_name: str) -> bool:
        """Whether the project overrides Django's own widget template (then it is used)."""
        if template_name not in self._checked:
            origin = self.get_template(template_name).origin.name
            self._checked[template_name] = "/django/forms/templates/" not in origin
        return self._checked[template_name]


class KeptChoices(BaseChoiceIterator):
    """Choices already as Django writes them, (value, text) pairs: a field and its widget take
    them as they are. Setting a list as a field's choices normalises it twice (the field's
    copy and the widget's), some 8 µs a choice: a quarter of the application form's set-up
    for its 28 countries."""

    def __init__(self, pairs):
        self.pairs = tuple(pairs)

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    # Text pairs that nothing changes: a copy of a field or a widget shares them.
    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class KeptOptionsSelect(forms.Select):
    """A ``Select`` (one choice, no groups) whose options are written once for each list of
    choices: the application form's country list, 28 options, was some 120 escapes and 29
    option dictionaries on every page. The options' HTML is kept per list of choices (their
    values and labels, as text: one list per language, say); choices with a group or a lazy
    label go through ``Select`` as usual. The markup is what ``Select`` writes through the
    templates above, byte for byte (tests/consolidate/test_form_renderer.py)."""

    _kept: dict[tuple, list[tuple[str, str, str]]] = {}

    def _options(self) -> list[tuple[str, str, str]] | None:
        """(value, the option, the option selected) for each choice; None if not plain text."""
        choices = self.choices
        choices = choices.pairs if isinstance(choices, KeptChoices) else tuple(choices)
        if not all(type(label) is str for _value, label in choices):
            return None
        kept = self._kept.get(choices)
        if kept is None:
            kept = self._kept[choices] = [
                (str(value), _option(option), _option({**option, "attrs": {"selected": True}}))
                for value, label in choices
                for option in [{"value": value, "label": label, "attrs": {}}]
            ]
        return kept

    def render(self, name, value, attrs=None, renderer=None):
        options = self._options()
        if options is None:
            return super().render(name, value, attrs, renderer)
        values = self.format_value(value)
        out = [f'<select name="{escaped(name)}"{_attrs(self.build_attrs(self.attrs, attrs))}>']
        selected = False
        for option_value, option, chosen in options:
            mark = not selected and option_value in values
            selected |= mark
            out.append(f"\n  {chosen if mark else option}")
        out.append("\n</select>")
        return mark_safe("".join(out))  # nosec B308 B703: every value and label escaped above
