"""``{% application_fieldsets form %}``: the application form's parts, each a fieldset with its
legend and fields (applications/form_stencil.py: an unbound form from its kept markup)."""

from django import template
from django.utils.safestring import SafeString

from applications.form_stencil import form_markup

register = template.Library()


@register.simple_tag
def application_fieldsets(form) -> SafeString:
    # Escaped piece by piece: labels, answers and legends by escaped(), widgets by Django.
    return SafeString(form_markup(form))  # nosec B703
