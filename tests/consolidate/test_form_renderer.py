"""The Python widgets render what Django's widget templates render, byte for byte."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy

from consolidate.form_renderer import FastWidgets, KeptChoices, KeptOptionsSelect

COUNTRIES = [("", "Choose"), ("FR", "France"), ("DE", 'Germany <&> "D"')]
GROUPED = [("EU", [("FR", "France"), ("IT", "Italy")]), ("", "None"), ("NO", "Norway")]


class Everything(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"aria-required": "true", "x": True}))
    hidden = forms.CharField(widget=forms.HiddenInput(attrs={"y": False}))
    email = forms.EmailField(help_text="Help")
    number = forms.IntegerField()
    when = forms.DateField()
    tick = forms.BooleanField()
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "data-word-limit": 500}))
    country = forms.ChoiceField(choices=COUNTRIES)
    grouped = forms.ChoiceField(choices=GROUPED)
    many = forms.MultipleChoiceField(choices=COUNTRIES, widget=forms.CheckboxSelectMultiple)
    groups = forms.MultipleChoiceField(choices=GROUPED, widget=forms.CheckboxSelectMultiple)
    one = forms.ChoiceField(choices=COUNTRIES, widget=forms.RadioSelect)
    several = forms.MultipleChoiceField(choices=GROUPED)


VALUES = [
    {},
    {
        "text": '<b>"quoted" & more</b>',
        "hidden": "h",
        "email": "not an e-mail",
        "number": "12",
        "when": "2026-12-02",
        "tick": "on",
        "area": "line one\n<script>two</script>",
        "country": "DE",
        "grouped": "IT",
        "many": ["FR", "DE"],
        "groups": ["NO"],
        "one": "FR",
        "several": ["FR", "NO"],
    },
]


@pytest.mark.parametrize("data", VALUES)
def test_every_widget_renders_as_djangos_templates_render_it(data):
    fast = Everything(data or None, renderer=FastWidgets())
    django = Everything(data or None, renderer=DjangoTemplates())
    for name in Everything.base_fields:
        assert str(fast[name]) == str(django[name]), name
        for fast_option, django_option in zip(fast[name], django[name], strict=True):
            assert fast_option.tag() == django_option.tag(), name
            assert fast_option.tag(wrap_label=True) == django_option.tag(wrap_label=True)
    assert fast.as_div() == django.as_div()


class Kept(forms.Form):
    country = forms.ChoiceField(choices=COUNTRIES, widget=KeptOptionsSelect(attrs={"x": "1"}))
    grouped = forms.ChoiceField(choices=GROUPED, widget=KeptOptionsSelect)
    lazy = forms.ChoiceField(choices=[("a", gettext_lazy("Yes"))], widget=KeptOptionsSelect)


class Plain(forms.Form):
    country = forms.ChoiceField(choices=COUNTRIES, widget=forms.Select(attrs={"x": "1"}))
    grouped = forms.ChoiceField(choices=GROUPED)
    lazy = forms.ChoiceField(choices=[("a", gettext_lazy("Yes"))])


@pytest.mark.parametrize("country", [None, "", "DE", "FR", "XX", ["DE", "FR"]])
def test_a_select_with_kept_options_renders_as_djangos_select(country):
    data = {"country": country, "grouped": "IT", "lazy": "a"} if country is not None else None
    for _ in range(2):  # written, then kept
        kept = Kept(data, renderer=FastWidgets())
        plain = Plain(data, renderer=DjangoTemplates())
        for name in Kept.base_fields:
            assert str(kept[name]) == str(plain[name]), name
    assert Kept(data, renderer=FastWidgets()).as_div() == plain.as_div()


class GivenAsKept(forms.Form):
    country = forms.ChoiceField(widget=KeptOptionsSelect(attrs={"x": "1"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = KeptChoices(COUNTRIES)


@pytest.mark.parametrize("country", [None, "DE", "XX"])
def test_choices_given_as_kept_are_taken_as_they_are_and_check_what_was_chosen(country):
    data = {"country": country} if country is not None else None
    kept, plain = GivenAsKept(data, renderer=FastWidgets()), Plain(data)
    field = kept.fields["country"]
    assert field.choices is field.widget.choices  # not normalised again into a new list
    assert list(field.choices) == COUNTRIES
    assert str(kept["country"]) == str(plain["country"])
    if data:
        assert kept.is_valid() == (country == "DE")
        assert kept.errors.get("country") == plain.errors.get("country")
