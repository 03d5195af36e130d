"""Staff (reviewers, coordinators) reach the admin only with a second factor (allauth MFA).

A member of staff without a TOTP authenticator is sent to set one up first; once they have
one, allauth asks for its code at every login.
"""

import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# Demo staff accounts only; the README prints it.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # nosec B105


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.STAFF_MFA_REQUIRED
            and request.path.startswith("/admin/")
            and request.user.is_authenticated
            and request.user.is_staff
            and not has_second_factor(request.user)
        ):
            messages.warning(
                request,
                _("Staff need a second factor: set up an authenticator app to continue."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def current_code(secret: str = DEMO_TOTP_SECRET) -> str:
    """The code an authenticator app shows now for ``secret`` (for demo logins and tests)."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))
