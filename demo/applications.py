"""The demo's applications: submitted by their invented officers, each with its first version."""

import datetime as dt

from applications.models import Application
from applications.services import record_version
from calls.models import Call, Theme
from people.roles import APPLICANT

from .accounts import demo_user


def demo_application(
    call: Call, number: int, data: dict, *, submitted_at: dt.datetime
) -> Application | None:
    """The officer of ``data`` (one of ``content``'s applications) applies to ``call``.

    None if that officer has applied already: the demo never makes an application twice.
    """
    data = dict(data)
    user = demo_user(data.pop("email"), APPLICANT)
    themes = Theme.objects.filter(slug__in=data.pop("themes"))
    if Application.objects.filter(call=call, applicant=user).exists():
        return None
    application = Application(
        call=call, applicant=user, email=user.email, number=number,
        state=Application.State.SUBMITTED, submitted_at=submitted_at, **data,
    )  # fmt: skip
    application.reference = application.make_reference()
    application.save()
    application.themes.set(themes)
    record_version(application)
    return application
