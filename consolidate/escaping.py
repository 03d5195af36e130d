"""``escaped``: Django's ``conditional_escape``, without its lazy-string wrapper on every call.

``django.utils.html.escape`` is wrapped by ``keep_lazy``, which looks through every argument for
a lazy string before escaping: on pages that escape thousands of values (change lists, the
ranking, the application form's widgets and options) that wrapper cost more than the escaping.
The text is the same: Django's ``escape`` is ``html.escape`` of the string.
"""

import html

from django.utils.functional import Promise


def escaped(value) -> str:
    """``conditional_escape(value)``: HTML left as it is, anything else escaped."""
    if type(value) is str:
        return html.escape(value)
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
