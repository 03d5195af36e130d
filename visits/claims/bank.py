"""Bank details for the payment: IBAN (ISO 13616, checked with its mod-97 check digits) and BIC."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Lengths of the IBANs of the SEPA countries; another country's IBAN only needs a valid checksum.
IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
    "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27, "HR": 21, "HU": 28,
    "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31,
    "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
    "VA": 22,
}  # fmt: skip
IBAN_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")
BIC_SHAPE = re.compile(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?")


def compact(value: str) -> str:
    """What people type ("be71 0961 2345 6769") as it is stored ("BE71096123456769")."""
    return re.sub(r"[\s.-]", "", value or "").upper()


def iban_checksum_ok(iban: str) -> bool:
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def validate_iban(value: str) -> None:
    iban = compact(value)
    if not IBAN_SHAPE.fullmatch(iban):
        raise ValidationError(
            _("An IBAN starts with the country code and two digits, e.g. BE71 0961 2345 6769.")
        )
    expected = IBAN_LENGTHS.get(iban[:2])
    if expected and len(iban) != expected:
        raise ValidationError(
            _("An IBAN from %(country)s has %(expected)s characters; this one has %(length)s.")
            % {"country": iban[:2], "expected": expected, "length": len(iban)}
        )
    if not iban_checksum_ok(iban):
        raise ValidationError(
            _("This IBAN's check digits do not match: please check it for a typing error.")
        )


def validate_bic(value: str) -> None:
    if value and not BIC_SHAPE.fullmatch(compact(value)):
        raise ValidationError(_("A BIC has 8 or 11 letters and digits, e.g. GEBABEBB."))


def grouped(iban: str) -> str:
    """The IBAN in groups of four, as it is printed on bank statements."""
    return " ".join(iban[n : n + 4] for n in range(0, len(iban), 4))
