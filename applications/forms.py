import copy
import functools

from django import forms
from django.utils.functional import Promise
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from calls.themes import offered_themes
from consolidate.escaping import lazy_text
from consolidate.form_renderer import KeptChoices, KeptOptionsSelect

from .models import REQUIRED_TO_SUBMIT, Application
from .words import word_limit_problem

# The form's parts, each shown as a fieldset with its legend (the tag in
# applications/templatetags/application_field.py renders each field). Rendered without
# crispy-forms: its template chain per field took two thirds of the form page's time.
FIELDSETS = [
    (_("Your city"), ["city", "country"]),
    (_("You"), ["officer_name", "department", "position", "phone", "email", "expertise"]),
    (_("Your challenge"), ["relevance", "themes", "challenge", "question"]),
]


class ListedChoicesField(forms.ModelMultipleChoiceField):
    """Ticked themes checked against the themes the form listed (``listed``: the call's themes,
    kept per version of the call), instead of a query of a queryset. It has no queryset: the
    copy of one for every form, and the call's related manager, were half the form's set-up.
    Cleaned, it gives the ticked themes as a list (empty when nothing is ticked)."""

    listed: dict = {}

    def __init__(self, queryset=None, **kwargs):
        super().__init__(None, **kwargs)

    def clean(self, value):
        if not self.required and not value:
            return []
        return super().clean(value)

    def _check_values(self, value):
        try:
            keys = {str(self.prepare_value(key)) for key in value}
        except TypeError as error:
            raise forms.ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from error
        for key in keys:
            if key not in self.listed:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": key},
                )
        return [self.listed[key] for key in sorted(keys, key=list(self.listed).index)]


@functools.cache
def country_choices(language: str) -> KeptChoices:
    """The countries a city can apply from, named and sorted in ``language``: django-countries
    translates and sorts the list each time it is read, so it is read once a language (and
    taken as it is by the field and its widget: KeptChoices)."""
    field = Application._meta.get_field("country").formfield()
    with override(language):
        return KeptChoices(
            [("", str(_("Choose a country")))]
            + [(code, str(name)) for code, name in field.choices if code]
        )


def css_class(widget: forms.Widget) -> str:
    """Bootstrap's class for the widget."""
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "form-check-input"
    return "form-select" if isinstance(widget, forms.Select) else "form-control"


class ReadOnlyFields(dict):
    """The prepared fields as an unbound form holds them: its copy of them is themselves, and
    they cannot be added, replaced or removed (every unbound form of the key shares them)."""

    def __deepcopy__(self, memo):
        return self

    def _refuse(self, *args, **kwargs):
        raise TypeError("An unbound application form's fields are shared: change a copy.")

    __setitem__ = __delitem__ = pop = popitem = clear = update = setdefault = _refuse


class ApplicationForm(forms.ModelForm):
    """The call's application form.

    Saving a draft accepts anything, however incomplete; submitting (``for_submission``) needs
    every answer, at least one challenge and a description within the call's word limit: the
    rule of ``Application.submission_problems``, which the submission service applies again.
    """

    class Meta:
        model = Application
        fields = list(REQUIRED_TO_SUBMIT)
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "expertise": forms.Textarea(attrs={"rows": 4}),
            "relevance": forms.Textarea(attrs={"rows": 4}),
            "challenge": forms.Textarea(attrs={"rows": 12}),
            "question": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "officer_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "country": KeptOptionsSelect,  # its options written once per language
        }
        field_classes = {"themes": ListedChoicesField}
        help_texts = {
            "city": _("The local authority that applies, e.g. “Lyon”."),
            "country": _("Cities in the member states of the European Union can apply."),
            "expertise": _("A few sentences on what you know and what you are responsible for."),
            "themes": _("Tick at least one."),
            "question": _("Try to narrow your challenge down to one question."),
        }

    def __init__(self, data=None, files=None, *, call, for_submission: bool = False, **kwargs):
        # Django copies the form's fields for every form: these are the fields already set up
        # for this call, language and kind of form (prepared_fields), as the copy's source. An
        # unbound form (a page showing the form) only reads them: it reads them where they are.
        self.prepared_key = prepared_key(call, for_submission)
        fields = prepared_fields(call, for_submission, self.prepared_key)
        unbound = data is None and files is None
        self.base_fields = ReadOnlyFields(fields) if unbound else fields
        super().__init__(data, files, **kwargs)
        self.call = call
        self.for_submission = for_submission
        # A draft saves anything; what submitting needs is marked on every page load all the
        # same, so an officer knows before the first try (application_field shows "(required)").
        self.needed_to_submit = set(REQUIRED_TO_SUBMIT)

    def fieldsets(self):
        """(legend, bound fields) for each part of the form, in order."""
        return [(lazy_text(legend), [self[name] for name in names]) for legend, names in FIELDSETS]

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"

    def clean_challenge(self) -> str:
        text = self.cleaned_data.get("challenge", "")
        problem = word_limit_problem(text, self.call.word_limit)
        if self.for_submission and problem:
            raise forms.ValidationError(problem)
        return text

    def clean_city(self) -> str:
        return " ".join(self.cleaned_data.get("city", "").split())


# The fields of a form as prepared_fields set them up, per (call, version of the call, language,
# for submission): the call's themes and word limit, the countries named in the language, the
# texts translated. A new version of the call (any change to it or its themes) is a new key.
_prepared: dict[tuple, dict] = {}
_MAX_PREPARED = 256


def prepared_key(call, for_submission: bool) -> tuple:
    """What the form's fields depend on, besides the code: the call's version, the language."""
    return (call.pk, call.updated_at, call.word_limit, get_language(), for_submission)


def prepared_fields(call, for_submission: bool, key: tuple | None = None) -> dict:
    """The form's fields set up for ``call`` in the active language: each form copies them, as
    Django copies a form's ``base_fields``, instead of setting up its copy (a third of the
    form's set-up, on every page and autosave)."""
    key = key or prepared_key(call, for_submission)
    fields = _prepared.get(key)
    if fields is None:
        if len(_prepared) >= _MAX_PREPARED:
            _prepared.clear()
        fields = _prepared[key] = _set_up(copy.deepcopy(BASE_FIELDS), call, for_submission)
    return fields


def _set_up(fields: dict, call, for_submission: bool) -> dict:
    _offer_themes(fields["themes"], call)
    fields["country"].choices = country_choices(get_language())
    challenge = fields["challenge"]
    challenge.help_text = _("At most %(limit)s words, about one page.") % {"limit": call.word_limit}
    challenge.widget.attrs["data-word-limit"] = call.word_limit
    for name in REQUIRED_TO_SUBMIT:
        fields[name].required = for_submission
        if not isinstance(fields[name].widget, forms.CheckboxSelectMultiple):
            fields[name].widget.attrs["aria-required"] = "true"
    for field in fields.values():
        field.widget.attrs["class"] = css_class(field.widget)
        # Read three times a page (the field's, its note's, aria-describedby's), and the label
        # once or twice: translated here, once.
        if isinstance(field.help_text, Promise):
            field.help_text = lazy_text(field.help_text)
        if isinstance(field.label, Promise):
            field.label = lazy_text(field.label)
    return fields


def _offer_themes(field: ListedChoicesField, call) -> None:
    """Only the call's themes can be ticked. The checkboxes are listed from the call's themes
    as kept for its version (calls/themes.py), and what was ticked is checked against them."""
    field.listed = {str(theme.pk): theme for theme in offered_themes(call)}
    field.choices = KeptChoices(
        (pk, field.label_from_instance(theme)) for pk, theme in field.listed.items()
    )


# The class's own fields, before any call's set-up: the source of every prepared copy. The
# base field holds no countries, so that copying it does not copy django-countries' lazy list.
ApplicationForm.base_fields["country"].choices = KeptChoices(())
BASE_FIELDS = ApplicationForm.base_fields
