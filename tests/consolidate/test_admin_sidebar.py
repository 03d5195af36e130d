"""The admin's navigation sidebar, kept once rendered, is the one Django renders for the page."""

import pytest
from django.contrib import admin
from django.template import RequestContext, Template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SIDEBAR = Template("{% load admin_sidebar %}{% nav_sidebar %}")


def sidebars(rf, user, path) -> tuple[str, str]:
    """(Django's include of admin/nav_sidebar.html, the tag's) for a page at ``path``."""
    request = rf.get(path)
    request.user = user
    context = admin.site.each_context(request)
    djangos = render_to_string("admin/nav_sidebar.html", {**context, "request": request})
    return djangos, SIDEBAR.render(RequestContext(request, context))


def test_sidebar_is_djangos_own_and_marks_the_page_it_is_on(rf):
    user = UserFactory(is_staff=True, is_superuser=True)
    applications = reverse("admin:applications_application_changelist")
    reviews = reverse("admin:reviews_review_changelist")
    for path in (applications, reviews, applications, reviews):
        djangos, kept = sidebars(rf, user, path)
        assert kept == djangos
    assert 'class="model-review current-model"' in kept
    assert 'class="model-application current-model"' not in kept


def test_sidebar_follows_the_language(rf):
    user = UserFactory(is_staff=True, is_superuser=True)
    path = reverse("admin:applications_application_changelist")
    english = sidebars(rf, user, path)[1]
    with translation.override("fr"):
        djangos, french = sidebars(rf, user, path)
    assert french == djangos
    assert french != english
