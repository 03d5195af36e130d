"""The languages people speak in each member state, to match champions with a host city.

Official and widely used languages only, as ISO 639-1 codes: enough to tell whether a champion
can talk with the host's staff and stakeholders without an interpreter.
"""

COUNTRY_LANGUAGES: dict[str, tuple[str, ...]] = {
    "AT": ("de",), "BE": ("nl", "fr", "de"), "BG": ("bg",), "HR": ("hr",), "CY": ("el", "tr"),
    "CZ": ("cs",), "DK": ("da",), "EE": ("et",), "FI": ("fi", "sv"), "FR": ("fr",),
    "DE": ("de",), "GR": ("el",), "HU": ("hu",), "IE": ("en", "ga"), "IT": ("it",),
    "LV": ("lv",), "LT": ("lt",), "LU": ("lb", "fr", "de"), "MT": ("mt", "en"), "NL": ("nl",),
    "PL": ("pl",), "PT": ("pt",), "RO": ("ro",), "SK": ("sk",), "SI": ("sl",), "ES": ("es",),
    "SE": ("sv",),
}  # fmt: skip


def languages_of(country_code: str) -> set[str]:
    return set(COUNTRY_LANGUAGES.get(str(country_code).upper(), ()))
