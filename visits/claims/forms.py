from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from .bank import compact, validate_bic, validate_iban
from .expenses import expense_problems
from .models import ExpenseLine, LumpSumClaim
from .receipts import CONTENT_TYPES, MAX_RECEIPT_BYTES, receipt_problem
from .review import payment_problems

TOO_LARGE = _("This amount is far too large: please check it.")
TWO_DECIMALS = _("Please give the amount in euros and cents, with at most two decimals.")


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


class EuroField(forms.DecimalField):
    """An amount in euros and cents, typed as people do: 125.50, 125,50, 1,250.50, 1.250,50 €."""

    # A text box: a number box refuses a decimal comma in some browsers without saying so.
    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"] = {
            "invalid": _("Please give the amount as a number, e.g. 125.50."),
            "max_digits": TOO_LARGE,
            "max_whole_digits": TOO_LARGE,
            "max_decimal_places": TWO_DECIMALS,
            **kwargs["error_messages"],
        }
        super().__init__(max_digits=10, decimal_places=2, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("€", "").replace("EUR", "").replace("\u00a0", "")
            value = value.replace(" ", "").strip()
            if "," in value and "." in value:  # the last separator marks the cents
                thousands = "," if value.rindex(".") > value.rindex(",") else "."
                value = value.replace(thousands, "").replace(",", ".")
            elif value.count(",") == 1:
                value = value.replace(",", ".")
        return super().to_python(value)


class DateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ExpenseForm(forms.Form):
    """An expense line as the host types it; the receipt is needed for a new line only."""

    category = forms.ModelChoiceField(
        label=_("Category"), queryset=None, empty_label=_("Choose the category")
    )
    spent_on = DateField(label=_("Date"), help_text=_("The date on the receipt."))
    description = forms.CharField(
        label=_("Description"), max_length=300,
        help_text=_("What it was, for whom, e.g. “Dinner for the team and the host, 8 people”."),
    )  # fmt: skip
    amount = EuroField(label=_("Amount"))
    receipt = forms.FileField(
        label=_("Receipt"),
        widget=forms.FileInput(
            attrs={"accept": ",".join([*CONTENT_TYPES, ".pdf", ".jpg", ".jpeg", ".png"])}
        ),  # fmt: skip
    )

    def __init__(self, *args, claim: LumpSumClaim, line: ExpenseLine | None = None, **kwargs):
        if line is not None:
            kwargs.setdefault("initial", {
                "category": line.category_id, "spent_on": line.spent_on,
                "description": line.description, "amount": line.amount,
            })  # fmt: skip
        super().__init__(*args, **kwargs)
        self.claim, self.line = claim, line
        self.fields["category"].queryset = claim.call.cost_categories.all()
        self.fields["amount"].label = _("Amount in %(currency)s") % {
            "currency": claim.call.currency
        }
        self.fields["amount"].help_text = _("With a point or a comma for the cents, e.g. 125.50.")
        limit = MAX_RECEIPT_BYTES // (1024 * 1024)
        self.fields["receipt"].help_text = _("A PDF, JPEG or PNG file of at most %(limit)s MB.") % {
            "limit": limit
        }
        if line is not None:
            self.fields["receipt"].required = False
            self.fields["receipt"].label = _("Another receipt (optional)")
            self.fields["receipt"].help_text = _(
                "Leave this empty to keep “%(name)s”. A new file must be a PDF, JPEG or PNG of "
                "at most %(limit)s MB."
            ) % {"name": line.receipt_name, "limit": limit}
        self.helper = _helper()

    def clean_receipt(self):
        receipt = self.cleaned_data.get("receipt")
        if receipt:
            problem = receipt_problem(receipt)
            if problem:
                raise forms.ValidationError(problem)
        return receipt

    def clean(self):
        data = super().clean()
        problems = expense_problems(
            self.claim, category=data.get("category"), spent_on=data.get("spent_on"),
            description=data.get("description", ""), amount=data.get("amount"),
        )  # fmt: skip
        for field, problem in problems.items():
            if field not in self.errors:
                self.add_error(field, problem)
        if self.errors and data.get("receipt") and "receipt" not in self.errors:
            self.add_error(
                "receipt",
                _("Please choose the receipt again: a browser does not keep a chosen file when "
                  "the form comes back with a problem."),
            )  # fmt: skip
        return data


class BankForm(forms.Form):
    """The account the lump sum is paid to. When the host submits, holder and IBAN are needed."""

    account_holder = forms.CharField(
        label=_("Account holder"), max_length=200, required=False,
        help_text=_("The name the account is held in, e.g. the city's treasury."),
    )  # fmt: skip
    iban = forms.CharField(label=_("IBAN"), max_length=50, required=False)
    bic = forms.CharField(
        label=_("BIC (optional)"), max_length=20, required=False,
        help_text=_("Needed only for an account outside the SEPA area."),
    )  # fmt: skip

    def __init__(self, *args, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if submitting:
            for name in ("account_holder", "iban"):
                self.fields[name].required = True
        self.fields["account_holder"].error_messages["required"] = _(
            "Please give the name the account is held in."
        )
        self.fields["iban"].error_messages["required"] = _(
            "Please give the IBAN of the account to pay the lump sum to."
        )
        self.fields["iban"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.helper = _helper()

    def clean_iban(self):
        iban = compact(self.cleaned_data["iban"])
        if iban:
            validate_iban(iban)
        return iban

    def clean_bic(self):
        bic = compact(self.cleaned_data["bic"])
        validate_bic(bic)
        return bic


# --- The coordinators' forms in the admin -------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is not eligible"), required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 30}),
    )  # fmt: skip


class ChangesForm(forms.Form):
    message = forms.CharField(
        label=_("What the host should change"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        error_messages={"required": _("Please tell the host what to change.")},
    )


class PaymentForm(forms.Form):
    paid_on = DateField(label=_("Paid on"))
    amount = EuroField(label=_("Amount paid"))
    reference = forms.CharField(
        label=_("Payment reference"), max_length=100,
        help_text=_("As the bank statement shows it."),
    )  # fmt: skip

    def __init__(self, *args, claim: LumpSumClaim, **kwargs):
        super().__init__(*args, **kwargs)
        self.claim = claim
        self.fields["amount"].label = _("Amount paid in %(currency)s") % {
            "currency": claim.call.currency
        }

    def clean(self):
        data = super().clean()
        problems = payment_problems(
            self.claim, paid_on=data.get("paid_on"), amount=data.get("amount"),
            reference=data.get("reference", ""),
        )  # fmt: skip
        for field, problem in problems.items():
            if field not in self.errors:
                self.add_error(field, problem)
        return data
