from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from calls.models import Call
from consolidate.refusals import Refused

from .models import Decision
from .services import check_assignment


def plain(value: Decimal) -> str:
    """A score as people write it: 3, 3.5 (never 3.0)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _scale(call: Call) -> list[tuple[str, str]]:
    return [("", "—")] + [(plain(v), plain(v)) for v in call.score_choices()]


class ScoresForm(forms.Form):
    """One score and one comment per criterion of the call."""

    def __init__(self, *args, call: Call, for_submission: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(call.criteria.prefetch_related("levels"))
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.name, choices=_scale(call), required=for_submission
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(name)s”") % {"name": criterion.name},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )

    def rows(self):
        return [
            (criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def values(self) -> dict[int, tuple[Decimal | None, str]]:
        return {
            criterion.pk: (
                Decimal(self.cleaned_data[f"score_{criterion.pk}"])
                if self.cleaned_data[f"score_{criterion.pk}"]
                else None,
                self.cleaned_data[f"comment_{criterion.pk}"],
            )
            for criterion in self.criteria
        }


class DeclarationForm(forms.Form):
    """The conflict-of-interest declaration, asked on the score page before the first score.

    Nothing is chosen beforehand: the reviewer declares, the page never assumes it.
    """

    NO, YES = "no", "yes"
    conflict = forms.ChoiceField(
        label=_("Conflict of interest"),
        choices=[
            (NO, _("I have no conflict of interest")),
            (YES, _("I have a conflict of interest")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please declare whether you have a conflict of interest.")},
    )
    reason = forms.CharField(
        label=_("If you have one, what is the conflict?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("conflict") == self.YES and not data.get("reason", "").strip():
            self.add_error("reason", _("Please say briefly what the conflict of interest is."))
        return data

    @property
    def has_conflict(self) -> bool:
        return self.cleaned_data["conflict"] == self.YES


class ConsensusForm(ScoresForm):
    """The coordinator's agreed score and consolidated comment per criterion (all optional)."""


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Decision.Outcome.choices)
    reserve_rank = forms.IntegerField(
        label=_("Reserve rank"), min_value=1, required=False,
        help_text=_("Only for reserve: 1 is the first reserve."),
    )  # fmt: skip
    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 4}))
    seen_version = forms.CharField(widget=forms.HiddenInput, required=False)


class AssignmentForm(forms.ModelForm):
    """A coordinator assigns one reviewer to one submitted application."""

    class Meta:
        fields = ["application", "reviewer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = Application.objects.submitted().select_related("call")
        self.fields["reviewer"].queryset = self.fields["reviewer"].queryset.filter(
            groups__name="reviewer"
        )

    def clean(self):
        data = super().clean()
        if data.get("application") and data.get("reviewer"):
            try:
                check_assignment(data["application"], data["reviewer"])
            except Refused as refusal:
                raise forms.ValidationError(str(refusal)) from refusal
        return data
