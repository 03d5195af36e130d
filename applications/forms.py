from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Application
from .words import count_words

REQUIRED_TO_SUBMIT = [
    "city", "country", "officer_name", "department", "position", "phone", "email",
    "expertise", "relevance", "themes", "challenge", "question",
]  # fmt: skip


class ApplicationForm(forms.ModelForm):
    """The call's application form.

    Saving a draft accepts anything, however incomplete; submitting (``for_submission``) needs
    every answer, at least one challenge and a description within the call's word limit.
    """

    class Meta:
        model = Application
        fields = REQUIRED_TO_SUBMIT
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
        }
        help_texts = {
            "city": _("The local authority that applies, e.g. “Lyon”."),
            "country": _("Cities in the member states of the European Union can apply."),
            "expertise": _("A few sentences on what you know and what you are responsible for."),
            "themes": _("Tick at least one."),
            "question": _("Try to narrow your challenge down to one question."),
        }

    def __init__(self, *args, call, for_submission: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.for_submission = for_submission
        self.fields["themes"].queryset = call.themes.all()
        self.fields["country"].choices = [("", _("Choose a country"))] + [
            choice for choice in self.fields["country"].choices if choice[0]
        ]
        challenge = self.fields["challenge"]
        challenge.help_text = _("At most %(limit)s words, about one page.") % {
            "limit": call.word_limit
        }
        challenge.widget.attrs.update(
            {"data-word-limit": call.word_limit, "aria-describedby": "challenge-count"}
        )
        for name in REQUIRED_TO_SUBMIT:
            self.fields[name].required = for_submission
        self.helper = self._helper()

    def _helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = Layout(
            Fieldset(_("Your city"), "city", "country"),
            Fieldset(
                _("You"), "officer_name", "department", "position", "phone", "email", "expertise"
            ),
            Fieldset(_("Your challenge"), "relevance", "themes", "challenge", "question"),
        )
        return helper

    def clean_challenge(self) -> str:
        text = self.cleaned_data.get("challenge", "")
        words = count_words(text)
        if self.for_submission and words > self.call.word_limit:
            raise forms.ValidationError(
                ngettext(
                    "Please shorten this to %(limit)s word or fewer (it has %(words)s).",
                    "Please shorten this to %(limit)s words or fewer (it has %(words)s).",
                    self.call.word_limit,
                )
                % {"limit": self.call.word_limit, "words": words}
            )
        return text

    def clean_city(self) -> str:
        return " ".join(self.cleaned_data.get("city", "").split())
