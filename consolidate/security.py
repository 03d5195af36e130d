"""Security-relevant events, logged with who and when (logger "consolidate.security")."""

import logging
import sys

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger("consolidate.security")


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "-") if request is not None else "-"


@receiver(user_logged_in, dispatch_uid="log_login")
def log_login(sender, request, user, **kwargs) -> None:
    logger.info("login user=%s ip=%s", user.pk, client_ip(request))


@receiver(user_logged_out, dispatch_uid="log_logout")
def log_logout(sender, request, user, **kwargs) -> None:
    logger.info("logout user=%s ip=%s", getattr(user, "pk", None), client_ip(request))


@receiver(user_login_failed, dispatch_uid="log_login_failed")
def log_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Never log the password; the login name is enough to see an attack on one account.
    login = credentials.get("email") or credentials.get("username") or "-"
    logger.warning("login failed login=%s ip=%s", login, client_ip(request))


def log_event(event: str, *, user, **details) -> None:
    """A decision, approval or payment: one line with the actor and what was done."""
    extra = " ".join(f"{key}={value}" for key, value in sorted(details.items()))
    logger.info("%s user=%s %s", event, getattr(user, "pk", None), extra)


class SecurityMiddleware:
    """Logs every denied access with the user, the path and the address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            self._log_denied(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            self._log_denied(request)

    def _log_denied(self, request) -> None:
        user = getattr(request, "user", None)
        logger.warning(
            "access denied user=%s path=%s ip=%s",
            getattr(user, "pk", None), request.path, client_ip(request),
        )  # fmt: skip


def server_error(request) -> HttpResponse:
    """handler500: a database that cannot be reached is a 503 "try again", not our bug."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        logger.error("database unavailable path=%s: %s", request.path, error)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    response = django_server_error(request)
    return response if response.status_code == 500 else HttpResponseServerError()
