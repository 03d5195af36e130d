"""When two city names are the same city: compared without case and surrounding spaces.

The database holds the same rule for applications (``Lower(Trim("city"))`` in the unique
constraint of ``applications.Application``); reviewer assignment, team matching and team checks
ask ``same_city``.
"""


def city_key(name: str) -> str:
    return (name or "").strip().casefold()


def same_city(first: str, second: str) -> bool:
    return bool(city_key(first)) and city_key(first) == city_key(second)
