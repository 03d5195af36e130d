"""The call page is cached per call version: every edit of what it shows must reach it at once,
whether it is made on the call's admin page, on another admin page or in a shell."""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from tests.calls.test_views import admin_form_data
from tests.factories import (
    CallFactory,
    CallSectionFactory,
    ContactFactory,
    CostCategoryFactory,
    CriterionFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shown():
    """A call with one of each part, its page already in the cache, and another call."""
    theme = ThemeFactory(name="Housing theme")
    call = CallFactory(themes=[theme])
    criterion = CriterionFactory(call=call, name="Commitment criterion")
    parts = SimpleNamespace(
        call=call,
        other=CallFactory(),
        theme=theme,
        criterion=criterion,
        level=criterion.levels.create(score=5, description="Fully shown level"),
        section=CallSectionFactory(call=call, heading="Context section"),
        cost=CostCategoryFactory(call=call, name="Interpretation cost"),
        contact=ContactFactory(call=call, name="Ada Contact"),
    )
    page = call_page(call)
    for fact in ["Housing theme", "Commitment criterion", "Fully shown level", "Context section"]:
        assert fact in page, fact
    return parts


def call_page(call) -> str:
    return Client().get(call.get_absolute_url()).content.decode()


def rename(obj, field: str, value: str):
    setattr(obj, field, value)
    obj.save()


def move(obj, field: str, target) -> None:
    setattr(obj, field, target)
    obj.save()


EDITS = {
    # name: (edit, what the page no longer shows, what it shows now)
    "criterion renamed": (
        lambda p: rename(p.criterion, "name", "Renamed criterion"),
        "Commitment criterion",
        "Renamed criterion",
    ),
    "criterion added": (
        lambda p: CriterionFactory(call=p.call, name="Added criterion"),
        None,
        "Added criterion",
    ),
    "criterion deleted": (lambda p: p.criterion.delete(), "Commitment criterion", None),
    "criterion moved to another call": (
        lambda p: move(p.criterion, "call", p.other),
        "Commitment criterion",
        None,
    ),
    "level edited": (
        lambda p: rename(p.level, "description", "Renamed level"),
        "Fully shown level",
        "Renamed level",
    ),
    "level added": (
        lambda p: p.criterion.levels.create(score=1, description="Added level"),
        None,
        "Added level",
    ),
    "level deleted": (lambda p: p.level.delete(), "Fully shown level", None),
    "level moved to another call's criterion": (
        lambda p: move(p.level, "criterion", CriterionFactory(call=p.other)),
        "Fully shown level",
        None,
    ),
    "theme renamed": (
        lambda p: rename(p.theme, "name", "Renamed theme"),
        "Housing theme",
        "Renamed theme",
    ),
    "theme deleted": (lambda p: p.theme.delete(), "Housing theme", None),
    "theme added to the call": (
        lambda p: p.call.themes.add(ThemeFactory(name="Added theme")),
        None,
        "Added theme",
    ),
    "theme removed from the call": (
        lambda p: p.call.themes.remove(p.theme),
        "Housing theme",
        None,
    ),
    "call's themes cleared": (lambda p: p.call.themes.clear(), "Housing theme", None),
    "call's themes replaced": (
        lambda p: p.call.themes.set([ThemeFactory(name="Added theme")]),
        "Housing theme",
        "Added theme",
    ),
    "call added to a theme": (
        lambda p: ThemeFactory(name="Added theme").calls.add(p.call),
        None,
        "Added theme",
    ),
    "call removed from the theme": (
        lambda p: p.theme.calls.remove(p.call),
        "Housing theme",
        None,
    ),
    "theme's calls cleared": (lambda p: p.theme.calls.clear(), "Housing theme", None),
    "section edited": (
        lambda p: rename(p.section, "heading", "Renamed section"),
        "Context section",
        "Renamed section",
    ),
    "section deleted": (lambda p: p.section.delete(), "Context section", None),
    "section moved to another call": (
        lambda p: move(p.section, "call", p.other),
        "Context section",
        None,
    ),
    "cost category edited": (
        lambda p: rename(p.cost, "name", "Renamed cost"),
        "Interpretation cost",
        "Renamed cost",
    ),
    "cost category deleted": (lambda p: p.cost.delete(), "Interpretation cost", None),
    "contact edited": (
        lambda p: rename(p.contact, "name", "Grace Contact"),
        "Ada Contact",
        "Grace Contact",
    ),
    "contact deleted": (lambda p: p.contact.delete(), "Ada Contact", None),
}


@pytest.mark.parametrize("edit, gone, new", EDITS.values(), ids=EDITS.keys())
def test_call_page_shows_an_edit_made_outside_the_call_at_once(shown, edit, gone, new):
    edit(shown)
    page = call_page(shown.call)
    assert gone is None or gone not in page
    assert new is None or new in page


@pytest.fixture
def coordinator(client):
    client.force_login(UserFactory(roles=["coordinator"], is_staff=True))
    return client


def test_criterion_and_level_edited_on_the_criterion_admin_page_show_at_once(shown, coordinator):
    url = reverse("admin:calls_criterion_change", args=[shown.criterion.pk])
    data = admin_form_data(coordinator.get(url))
    data.update({"name_en": "Renamed criterion", "levels-0-description_en": "Renamed level"})
    response = coordinator.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    page = call_page(shown.call)
    assert "Renamed criterion" in page
    assert "Renamed level" in page
    assert "Commitment criterion" not in page
    assert "Fully shown level" not in page


def test_theme_edited_on_the_theme_admin_page_shows_at_once(shown, coordinator):
    url = reverse("admin:calls_theme_change", args=[shown.theme.pk])
    data = admin_form_data(coordinator.get(url))
    data["name_en"] = "Renamed theme"
    assert coordinator.post(url, data).status_code == 302
    page = call_page(shown.call)
    assert "Renamed theme" in page
    assert "Housing theme" not in page


def test_theme_edit_leaves_calls_without_it_alone(shown):
    shown.other.refresh_from_db()
    updated_at = shown.other.updated_at
    rename(shown.theme, "name", "Renamed theme")
    shown.other.refresh_from_db()
    assert shown.other.updated_at == updated_at
