"""Custom pages inside a ModelAdmin, the way Django's ``UserAdmin.get_urls`` adds its own.

``admin_page(model_admin, view)`` wraps a function view ``view(model_admin, request, **kwargs)``
with the admin site's login, permission and cache checks; ``admin_paths`` builds the list.
"""

from django.urls import path


def admin_page(model_admin, view):
    def page(request, **kwargs):
        return view(model_admin, request, **kwargs)

    return model_admin.admin_site.admin_view(page)


def admin_paths(model_admin, routes: list[tuple[str, object, str]]) -> list:
    """``routes``: (route, view, url name) triples, added before the ModelAdmin's own URLs."""
    return [path(route, admin_page(model_admin, view), name=name) for route, view, name in routes]


class ReadOnlyAdminMixin:
    """A record nobody edits in the admin (a log, a trail, a submitted application): view only."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
