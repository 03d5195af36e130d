"""``{% nav_sidebar %}``: the admin's navigation sidebar, the same HTML as its
``{% include "admin/nav_sidebar.html" %}``, rendered once per app list, page and language
(``consolidate.admin_app_list``)."""

from django import template

from consolidate import admin_app_list

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_sidebar(context):
    return admin_app_list.nav_sidebar(context)
