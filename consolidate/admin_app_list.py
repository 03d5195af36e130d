"""The admin's list of apps and models (its sidebar and index), built once per role.

``AdminSite.get_app_list`` asks every registered model admin for the user's permissions and
reverses each model's URLs on every admin page: 4 to 8 ms of a list page. What it builds
depends only on the user's permissions (no model admin here decides on anything else without
an object), the language and the app asked for, so it is kept per process under that key for
``SECONDS``: a permission change shows within a minute.

The sidebar's HTML (``admin/nav_sidebar.html``, a table row per model: some 6 ms a page) is
then kept beside the list it shows: it depends on nothing else than that list, the page's path
(which model is current) and the language.
"""

import time

from django.contrib import admin
from django.utils.safestring import SafeString
from django.utils.translation import get_language

SECONDS = 60
_built: dict = {}
_sidebars: dict = {}


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


def nav_sidebar(context) -> SafeString:
    """``admin/nav_sidebar.html`` rendered in ``context``, once per app list, path and language."""
    apps = context.get("available_apps")
    key = (id(apps), context["request"].path, get_language())
    kept = _sidebars.get(key)
    if kept is not None and kept[0] is apps:  # the same list (its id is not a reused one)
        return kept[1]
    html = context.template.engine.get_template("admin/nav_sidebar.html").render(context)
    if len(_sidebars) > 1000:  # one entry per page visited: change pages have their own path
        _sidebars.clear()
    _sidebars[key] = (apps, html)
    return html
