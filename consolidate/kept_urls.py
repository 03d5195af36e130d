"""Addresses reversed once per process: ``kept_reverse`` and the ``{% url %}`` tag.

A page names the same few addresses on every request (the call's page, the form's own address,
its autosave and delete addresses, the menu's links) and Django's ``reverse`` finds each one
by trying the URL patterns' candidates and quoting the values: about 0.1 ms an address, half a
millisecond of the application form. An address depends only on the view's name, the values
(text or whole numbers), the URL configuration, the script prefix and the application
namespace, none of which changes while a process runs; so each one is kept, in a bounded
memory, and a setting change (a test's URL configuration) empties it.

Values of another type (a model instance, a date) are reversed every time, as Django does.
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

_kept: dict[tuple, str] = {}
_MAX_KEPT = 4096
_PLAIN = (str, int)


def kept_reverse(viewname: str, args=(), kwargs=None, current_app=None) -> str:
    """``reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)``, kept."""
    kwargs = kwargs or {}
    if not all(type(value) in _PLAIN for value in (*args, *kwargs.values())):
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    key = (viewname, *args, *sorted(kwargs.items()), current_app, urlconf, get_script_prefix())
    address = _kept.get(key)
    if address is None:
        address = reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
        if len(_kept) >= _MAX_KEPT:
            _kept.clear()
        _kept[key] = address
    return address


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    _kept.clear()
