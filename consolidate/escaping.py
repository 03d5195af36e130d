"""``escaped``: Django's ``conditional_escape``, without its lazy-string wrapper on every call.

``django.utils.html.escape`` is wrapped by ``keep_lazy``, which looks through every argument for
a lazy string before escaping: on pages that escape thousands of values (change lists, the
ranking, the application form's widgets and options) that wrapper cost more than the escaping.
The text is the same: Django's ``escape`` is ``html.escape`` of the string.

A lazy string (a label, a help text) is translated once per process and language: the same few
objects are escaped on every page, and each translation walks gettext's chain of catalogues.
"""

import html

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import Promise
from django.utils.translation import get_language

# (language, id of the lazy string) -> (the lazy string, its text); emptied when full, so that
# lazy strings made on the fly (format_lazy) cannot fill the memory.
_texts: dict[tuple, tuple[Promise, str]] = {}
_MAX_TEXTS = 4096


def escaped(value) -> str:
    """``conditional_escape(value)``: HTML left as it is, anything else escaped."""
    if type(value) is str:
        return html.escape(value)
    if isinstance(value, Promise):
        value = lazy_text(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def lazy_text(value: Promise) -> str:
    """``str(value)`` in the active language, kept for the process (the same object is the
    same text in a language: catalogues and settings do not change while a process runs)."""
    key = (get_language(), id(value))
    kept = _texts.get(key)
    if kept is not None and kept[0] is value:
        return kept[1]
    if len(_texts) >= _MAX_TEXTS:
        _texts.clear()
    text = str(value)
    _texts[key] = (value, text)
    return text


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    """A test changed the languages or the catalogues' places: translate again."""
    _texts.clear()
