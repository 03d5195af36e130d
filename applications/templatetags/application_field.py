"""One field of the application form, written in Python (it was templates/applications/
_field.html, included once per field: its lookups were a good part of the page's time).

Label (or legend for a group of checkboxes), the input, its errors and its help text. Django
links the input to both with aria-describedby ("<id>_helptext", "<id>_error") and marks it
aria-invalid when it has errors. Answers needed to submit are marked "(required)" from the
start (a draft saves anything). The markup is what the template wrote, byte for byte.
"""

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from consolidate.escaping import escaped as escape
from consolidate.escaping import lazy_text

register = template.Library()
REQUIRED = gettext_lazy("(required)")


def _label(form, field) -> str:
    required = ""
    if field.name in form.needed_to_submit:
        mark = escape(lazy_text(REQUIRED))
        required = f' <span class="required-mark">{mark}</span>'
    return f"{escape(field.label)}{required}"


def _choices(form, field) -> list[str]:
    described = field.aria_describedby
    described = f' aria-describedby="{escape(described)}"' if described else ""
    out = [
        f'<fieldset class="mb-3"{described}>\n'
        f'  <legend class="form-label fs-6">{_label(form, field)}</legend>\n  '
    ]
    for option in field:
        out.append(
            f'<div class="form-check">{option.tag()} <label for="{escape(option.id_for_label)}"'
            f' class="form-check-label">{escape(option.choice_label)}</label></div>\n  '
        )
    return out


def _notes(field, auto_id: str) -> list[str]:
    out = ["\n  "]
    if field.errors:
        out.append(f'<div id="{auto_id}_error" class="invalid-feedback d-block">')
        for number, error in enumerate(field.errors, 1):
            paragraph = f'<p id="error_{number}_{auto_id}" class="mb-0">'
            out.append(f"{paragraph}<strong>{escape(error)}</strong></p>")
        out.append("</div>")
    out.append("\n  ")
    if field.help_text:
        out.append(
            f'<div id="{auto_id}_helptext" class="form-text">{escape(field.help_text)}</div>'
        )
    return out


@register.simple_tag
def application_field(form, field) -> SafeString:
    auto_id = escape(field.auto_id)
    if field.use_fieldset:
        out = _choices(form, field)
    else:
        out = [
            f'<div id="div_{auto_id}" class="mb-3">\n'
            f'  <label for="{escape(field.id_for_label)}" class="form-label">'
            f"{_label(form, field)}</label>\n  {field}"
        ]
    out.extend(_notes(field, auto_id))
    out.append("\n</fieldset>\n" if field.use_fieldset else "\n</div>\n")
    # Every piece above is escaped here or is the widget HTML Django rendered (and escaped).
    return SafeString("".join(out))  # nosec B703
