"""allauth's account forms with our words: "E-mail address", "Keep me logged in", sentence case.

The labels are the page's text (no placeholders standing in for them), and each input carries
Bootstrap's class, so templates/account/_field.html renders them like the application form.
"""

from allauth.account import forms as account
from allauth.mfa.base import forms as mfa
from allauth.mfa.totp import forms as totp
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Preferences
from .zones import zone_choices

EMAIL = _("E-mail address")
PASSWORD = _("Password")
NEW_PASSWORD = _("New password")
NEW_PASSWORD_AGAIN = _("New password again")
CODE = _("Code from your authenticator app")


class HouseVoice:
    """Sets ``labels`` on the fields, drops allauth's placeholders and help links."""

    labels: dict = {}
    keep_help = ("password1",)  # the password rules

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in self.labels:
                field.label = self.labels[name]
            if name not in self.keep_help:
                field.help_text = ""
            field.widget.attrs.pop("placeholder", None)
            checkbox = isinstance(field.widget, forms.CheckboxInput)
            field.widget.attrs["class"] = "form-check-input" if checkbox else "form-control"


class LoginForm(HouseVoice, account.LoginForm):
    labels = {"login": EMAIL, "password": PASSWORD, "remember": _("Keep me logged in")}


class SignupForm(HouseVoice, account.SignupForm):
    labels = {"email": EMAIL, "password1": PASSWORD, "password2": _("Password again")}


class ResetPasswordForm(HouseVoice, account.ResetPasswordForm):
    labels = {"email": EMAIL}


class ResetPasswordKeyForm(HouseVoice, account.ResetPasswordKeyForm):
    labels = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD_AGAIN}


class ChangePasswordForm(HouseVoice, account.ChangePasswordForm):
    labels = {
        "oldpassword": _("Current password"),
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD_AGAIN,
    }


class SetPasswordForm(HouseVoice, account.SetPasswordForm):
    labels = {"password1": PASSWORD, "password2": _("Password again")}


class AddEmailForm(HouseVoice, account.AddEmailForm):
    labels = {"email": EMAIL}


class ReauthenticateForm(HouseVoice, account.ReauthenticateForm):
    labels = {"password": PASSWORD}


class AuthenticateForm(HouseVoice, mfa.AuthenticateForm):
    labels = {"code": CODE}


class MFAReauthenticateForm(HouseVoice, mfa.ReauthenticateForm):
    labels = {"code": CODE}


class ActivateTOTPForm(HouseVoice, totp.ActivateTOTPForm):
    labels = {"code": CODE}


class SignupWithZoneForm(SignupForm):
    """Sign-up, with the zone the browser reports (static/js/time-zone.js fills it in; without
    JavaScript it stays empty and the site's zone is kept). ``people.signals`` stores it."""

    time_zone = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)


class LanguageSelect(forms.Select):
    """Each language named in itself, with its ``lang``, so a screen reader says it rightly."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"]["lang"] = value
        return option


class PreferencesForm(forms.ModelForm):
    """The account page's language and time zone."""

    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=zone_choices,
        help_text=_(
            "Where you are. Deadlines and visits are shown at the time of their own place, "
            "with the zone named beside them."
        ),
    )

    class Meta:
        model = Preferences
        fields = ["language", "time_zone"]
        labels = {"language": _("Language")}
        widgets = {"language": LanguageSelect}
        help_texts = {
            "language": _("Pages, e-mails and documents we make for you are in this language."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
