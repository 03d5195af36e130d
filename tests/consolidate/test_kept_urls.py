"""Addresses kept per process are the addresses Django reverses, in templates and in Python."""

import pytest
from django.template import Context, Engine, Template
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix

from consolidate import kept_urls
from consolidate.kept_urls import kept_reverse
from consolidate.templatetags.kept_urls import KeptURLNode

SOURCE = (
    "{% url 'calls:detail' slug %}|{% url 'calls:detail' slug=slug %}|"
    "{% url 'applications:edit' slug as edit %}{{ edit }}|{% url 'admin:index' %}|"
    "{% url 'no-such-view' as missing %}[{{ missing }}]|{% url name 'a-b' %}"
)


def djangos(source: str) -> Template:
    return Engine(builtins=[], libraries={}).from_string(source)


@pytest.mark.parametrize("slug", ["lyon-2027", 42])
def test_the_url_tag_writes_what_djangos_writes(slug):
    template = Template(SOURCE)
    assert any(isinstance(node, KeptURLNode) for node in template.nodelist)
    context = {"slug": slug, "name": "calls:detail"}
    for _ in range(2):  # reversed, then kept
        for autoescape in (True, False):
            expected = djangos(SOURCE).render(Context(context, autoescape=autoescape))
            assert Template(SOURCE).render(Context(context, autoescape=autoescape)) == expected


def test_an_unknown_view_is_still_an_error():
    with pytest.raises(NoReverseMatch):
        Template("{% url 'no-such-view' %}").render(Context())


class Seven:
    """A value that is neither text nor a whole number (a model instance, say)."""

    def __str__(self) -> str:
        return "7"


def test_a_value_of_another_type_is_reversed_every_time():
    before = dict(kept_urls._kept)
    assert kept_reverse("calls:detail", ["a-call"]) == reverse("calls:detail", args=["a-call"])
    assert kept_reverse("visits:detail", kwargs={"pk": Seven()}) == "/visits/7/"
    assert len(kept_urls._kept) == len(before) + 1  # the slug's, not the other value's


def test_the_script_prefix_and_a_changed_setting_are_respected():
    assert kept_reverse("calls:detail", kwargs={"slug": "x"}) == "/calls/x/"
    set_script_prefix("/network/")
    try:
        assert kept_reverse("calls:detail", kwargs={"slug": "x"}) == "/network/calls/x/"
    finally:
        set_script_prefix("/")
    with override_settings(ROOT_URLCONF="tests.consolidate.test_kept_urls"):
        assert kept_urls._kept == {}
        with pytest.raises(NoReverseMatch):
            kept_reverse("calls:detail", kwargs={"slug": "x"})


def test_the_kept_addresses_cannot_fill_the_memory():
    for number in range(kept_urls._MAX_KEPT + 5):
        kept_reverse("calls:detail", kwargs={"slug": f"call-{number}"})
    assert len(kept_urls._kept) <= kept_urls._MAX_KEPT


urlpatterns: list = []  # the URL configuration of the test above: nothing
