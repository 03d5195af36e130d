"""``verified_email_required`` as allauth's, asked once per session instead of on every page.

allauth's decorator reads the person's e-mail addresses on every request. The answer only
changes when the address changes, so the first "verified" is remembered in the session with
the address it was given for; a person whose address changes (``user.email``) is asked again,
and a new session (a new log-in) asks again. An unverified person gets allauth's own answer
(the verification e-mail sent again, the page saying so) every time, as before.
"""

from functools import wraps

from allauth.account.decorators import verified_email_required as allauth_verified

SESSION_KEY = "people:verified_email"


def verified_email_required(view_func):
    """Log-in required, then a verified e-mail address, as allauth's decorator of that name."""

    @wraps(view_func)
    def found_verified(request, *args, **kwargs):
        request.session[SESSION_KEY] = request.user.email
        return view_func(request, *args, **kwargs)

    checked = allauth_verified(found_verified)

    @wraps(view_func)
    def view(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and request.session.get(SESSION_KEY) == user.email:
            return view_func(request, *args, **kwargs)
        return checked(request, *args, **kwargs)

    return view
