"""The demo's applications: submitted by their invented officers through the real service."""

import datetime as dt

from applications.models import Application
from applications.services import submit_application
from calls.models import Call, Theme
from people.roles import APPLICANT

from .accounts import demo_user


def demo_application(
    call: Call, number: int, data: dict, *, submitted_at: dt.datetime
) -> Application | None:
    """The officer of ``data`` (one of ``content``'s applications) applies to ``call``.

    None if that officer has applied already: the demo never makes an application twice. A past
    call's applications are submitted a minute before its deadline.
    """
    data = dict(data)
    user = demo_user(data.pop("email"), APPLICANT)
    themes = Theme.objects.filter(slug__in=data.pop("themes"))
    if Application.objects.filter(call=call, applicant=user).exists():
        return None
    application = Application(call=call, applicant=user, email=user.email, number=number, **data)
    at = min(submitted_at, call.deadline - dt.timedelta(minutes=1))
    return submit_application(application, by=user, themes=list(themes), at=at)
