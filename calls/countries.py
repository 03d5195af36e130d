"""The countries a city may apply from: the member states of the European Union."""

from django_countries import Countries

EU_MEMBER_STATES = (
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
)  # fmt: skip


class EUMemberStates(Countries):
    only = EU_MEMBER_STATES
