"""``{% load static %}``: Django's library, its ``{% static "…" %}`` of a fixed path written once
per process (mapped as TEMPLATES' ``static`` library, so every template's, the admin's too).

Every page names four to six static files. Django's tag asks the app registry whether
staticfiles is installed, imports the storage and asks it for the address, on every page; the
address of a fixed path cannot change while the process runs (the manifest is read when the
storage is made). A setting changed in a test (the storage, STATIC_URL) forgets them all. A
path given by a variable, or through a filter, is Django's tag as it is.
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags import static as djangos

register = template.Library()
register.tags.update(djangos.register.tags)  # get_static_prefix, get_media_prefix
register.filters.update(djangos.register.filters)

_addresses: dict[str, str] = {}


class KeptStaticNode(djangos.StaticNode):
    def url(self, context) -> str:
        path = self.path
        if path.filters or not isinstance(path.var, str):
            return super().url(context)
        address = _addresses.get(path.var)
        if address is None:
            address = _addresses[path.var] = super().url(context)
        return address


@register.tag("static")
def do_static(parser, token):
    node = djangos.do_static(parser, token)
    return KeptStaticNode(varname=node.varname, path=node.path)


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    _addresses.clear()
