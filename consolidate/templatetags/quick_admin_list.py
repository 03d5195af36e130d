"""The admin's ``admin_list`` template library, with ``{% admin_list_filter cl spec %}`` (each
filter of a change list's sidebar) written in Python: on the application list, the template
loop over four filters' choices (calls, states, countries, themes) was a quarter of the page.
The HTML is admin/filter.html's, byte for byte (tests/consolidate/test_admin_lists.py); a filter
with a template of its own, or a project's own admin/filter.html, renders through it as before.
TEMPLATES' ``libraries`` maps ``admin_list`` to this module, so the admin's change_list.html
loads it; every other tag is the admin's own.
"""

from django import template
from django.contrib.admin.templatetags import admin_list
from django.template.loader import get_template
from django.utils.encoding import iri_to_uri
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from consolidate.escaping import escaped

register = template.Library()
register.tags.update(admin_list.register.tags)
register.filters.update(admin_list.register.filters)

# The admin's own message (its template's blocktranslate), translated by the admin's catalogue;
# a name, not a literal, so that our catalogues do not gather it.
BY = " By %(filter_title)s "


_djangos: dict[str, bool] = {}  # template name -> the admin's own (checked once per process)


def _is_djangos(template_name: str) -> bool:
    """Whether ``template_name`` is the admin's own template (not one a project overrides)."""
    if template_name not in _djangos:
        origin = get_template(template_name).origin.name
        _djangos[template_name] = "/django/contrib/admin/templates/" in origin
    return _djangos[template_name]


def list_filter_html(title, choices) -> str:
    """admin/filter.html, byte for byte, written in Python: on the application list its loop
    over four filters' choices (calls, states, countries, themes) was a quarter of the page."""
    title = escaped(title)
    summary = gettext(BY) % {"filter_title": title}
    out = [f'\n<details data-filter-title="{title}" open>\n  <summary>\n    {summary}\n  </summary>'
           "\n  <ul>\n  "]  # fmt: skip
    for choice in choices:
        selected = ' class="selected"' if choice["selected"] else ""
        link = escaped(iri_to_uri(choice["query_string"]))
        out.append(f'\n    <li{selected}>\n    <a href="{link}">{escaped(choice["display"])}</a>'
                   "</li>\n  ")  # fmt: skip
    out.append("\n  </ul>\n</details>\n")
    return "".join(out)


@register.simple_tag(name="admin_list_filter")
def quick_list_filter(cl, spec) -> str:
    """The admin's ``{% admin_list_filter cl spec %}``: its own template, written in Python."""
    if spec.template != "admin/filter.html" or not _is_djangos(spec.template):
        return admin_list.admin_list_filter(cl, spec)
    # Every text is escaped above; the template's own markup is ours.
    return SafeString(list_filter_html(spec.title, list(spec.choices(cl))))  # nosec B703
