"""The admin's list of apps and models (its sidebar and index), built once per role.

``AdminSite.get_app_list`` asks every registered model admin for the user's permissions and
reverses each model's URLs on every admin page: 4 to 8 ms of a list page. What it builds
depends only on the user's permissions (no model admin here decides on anything else without
an object), the language and the app asked for, so it is kept per process under that key for
``SECONDS``: a permission change shows within a minute.
"""

import time

from django.contrib import admin
from django.utils.translation import get_language

SECONDS = 60
_built: dict = {}


def _key(request, app_label):
    user = request.user
    permissions = frozenset(user.get_all_permissions()) if user.is_active else frozenset()
    flags = (user.is_active, user.is_staff, user.is_superuser)
    return (flags, permissions, get_language(), app_label, request.META.get("SCRIPT_NAME", ""))


def cached_app_list(build):
    def get_app_list(request, app_label=None):
        key = _key(request, app_label)
        kept = _built.get(key)
        if kept is not None and kept[0] > time.monotonic():
            return kept[1]
        app_list = build(request, app_label)
        if len(_built) > 200:  # a few roles, a few languages: never more, unless something odd
            _built.clear()
        _built[key] = (time.monotonic() + SECONDS, app_list)
        return app_list

    return get_app_list


def install(site: admin.AdminSite = admin.site) -> None:
    site.get_app_list = cached_app_list(site.get_app_list)
