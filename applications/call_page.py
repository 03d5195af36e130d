"""Where the officer stands with this call, told on the call's page (its deadline box)."""

from calls.models import Call

from .models import Application


def officer_box(call: Call, user) -> dict | None:
    """The visitor's application to ``call`` (None: not started), or None when there is
    nothing to say: no application, and the call does not take one now. A visitor who is not
    logged in is asked nothing of the database."""
    application = None
    if user.is_authenticated:
        application = Application.objects.filter(call=call, applicant=user).first()
    if application is None:
        return {"application": None} if call.is_open() else None
    application.call = call  # the same row: no second query for it
    return {"application": application}
