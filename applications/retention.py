"""Which applications keep their personal data past the retention period or an erasure request.

A selected city's application is kept for the grant's audit (the privacy notice says so). What
"selected" means belongs to the reviews app, a floor above: it registers, when it starts, a
query of the applications to keep, so this app never reads reviews' fields.
"""

from collections.abc import Callable

from django.db.models import QuerySet

_kept: list[Callable[[], QuerySet]] = []


def keep_personal_data(applications: Callable[[], QuerySet]) -> None:
    """``applications()`` gives the ids (a values query) of the applications to keep whole."""
    if applications not in _kept:
        _kept.append(applications)


def kept() -> list[QuerySet]:
    return [applications() for applications in _kept]
