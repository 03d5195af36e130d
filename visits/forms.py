from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from champions.models import Champion
from consolidate.refusals import Refused
from people.roles import EXPERT

from .bookings import clashes, people_of
from .models import Feedback, Visit
from .services import check_team


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


class ProposalForm(forms.ModelForm):
    """What the host would like the team to see, and to give feedback on."""

    class Meta:
        model = Visit
        fields = ["stakeholders", "feedback_subject", "meeting_address"]
        widgets = {
            "stakeholders": forms.Textarea(attrs={"rows": 6}),
            "feedback_subject": forms.Textarea(attrs={"rows": 4}),
            "meeting_address": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "stakeholders": _("Stakeholders you propose the team meets"),
            "feedback_subject": _("The project or service you want feedback on"),
            "meeting_address": _("Where the team meets you (address)"),
        }
        help_texts = {
            "feedback_subject": _("What it does, for whom, and what you would like to improve."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class FeedbackForm(forms.ModelForm):
    """The questionnaire the host answers after the visit."""

    class Meta:
        model = Feedback
        fields = ["insights", "energised", "connections", "most_useful", "next_steps"]
        widgets = {
            "insights": forms.RadioSelect,
            "energised": forms.RadioSelect,
            "connections": forms.RadioSelect,
            "most_useful": forms.Textarea(attrs={"rows": 4}),
            "next_steps": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "insights": _("Did the peer support bring fresh insights into your challenge?"),
            "energised": _("Did it energise your work on the challenge?"),
            "connections": _("Did it build connections that will last?"),
            "most_useful": _("What was most useful?"),
            "next_steps": _("What will you do next?"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("insights", "energised", "connections"):
            self.fields[name].choices = [
                choice for choice in self.fields[name].choices if choice[0] != ""
            ]
        self.helper = _helper()


class VisitForm(forms.ModelForm):
    """The visit as a coordinator edits it in the admin: its in-person dates and its clock."""

    time_zone = forms.ChoiceField(
        label=_("time zone"),
        required=False,
        help_text=_("The host city's clock: the agenda is typed, shown and sent in it."),
    )

    class Meta:
        model = Visit
        fields = ["starts_on", "ends_on", "time_zone"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "time_zone" in self.fields and self.instance.pk:
            zones = self.instance.zone_choices
            self.fields["time_zone"].choices = [(zone, zone) for zone in zones]

    def clean_time_zone(self) -> str:
        """Left out, the visit keeps its zone."""
        return self.cleaned_data.get("time_zone") or self.instance.zone.key

    def clean(self):
        data = super().clean()
        if "starts_on" not in self.fields:
            return data
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and not ends_on:
            ends_on = data["ends_on"] = self.instance.default_end(starts_on)
        for field, message in self.instance.date_errors(starts_on, ends_on).items():
            self.add_error(field, message)
        if starts_on and ends_on and not self.errors:
            for message in clashes(self.instance, people_of(self.instance), starts_on, ends_on):
                self.add_error("starts_on", message)
        return data


class ChampionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, champion) -> str:
        themes = ", ".join(theme.name for theme in champion.themes.all())
        return f"{champion.name} ({champion.city}; {champion.languages}): {themes}"


class ExpertChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        name = user.get_full_name()
        return f"{name} ({user.email})" if name else user.email


class TeamForm(forms.Form):
    first_champion = ChampionChoiceField(queryset=Champion.objects.none(), required=False,
                                         label=_("First champion"))  # fmt: skip
    second_champion = ChampionChoiceField(queryset=Champion.objects.none(), required=False,
                                          label=_("Second champion"))  # fmt: skip
    network_expert = ExpertChoiceField(
        queryset=get_user_model().objects.none(), required=False,
        label=_("Expert of the network's secretariat"),
    )  # fmt: skip
    partner_expert = ExpertChoiceField(
        queryset=get_user_model().objects.none(), required=False,
        label=_("Expert of the expert partner"),
    )  # fmt: skip

    def __init__(self, *args, visit: Visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit = visit
        champions = Champion.objects.filter(is_available=True).prefetch_related("themes")
        for name in ("first_champion", "second_champion"):
            self.fields[name].queryset = champions
        experts = get_user_model().objects.filter(groups__name=EXPERT, is_active=True)
        for name in ("network_expert", "partner_expert"):
            self.fields[name].queryset = experts.order_by("email")

    @property
    def champions(self) -> list[Champion]:
        data = self.cleaned_data
        return [c for c in (data.get("first_champion"), data.get("second_champion")) if c]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            check_team(self.visit, self.champions, data.get("network_expert"),
                       data.get("partner_expert"))  # fmt: skip
        except Refused as refusal:
            for problem in refusal.problems:
                self.add_error(None, problem)
        return data
