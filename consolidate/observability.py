"""What the operator sees of a running site: Sentry events without personal data, JSON log lines.

Loaded by settings.py (so it imports nothing of Django that needs the apps ready): the web
processes and the Celery worker and beat all read the settings, so each initialises Sentry.
"""

import datetime as dt
import json
import logging
import re
from email.utils import getaddresses

SCRUBBED = "[scrubbed]"


def admins_from(text: str) -> list[tuple[str, str]]:
    """settings.ADMINS from "Ana Ops <ana@example.org>, ops@example.org"."""
    return [(name, address) for name, address in getaddresses([text]) if "@" in address]


# Fields that hold a person's name, contact or bank details, in forms, models and request data.
PERSONAL_KEYS = re.compile(
    r"(^|_)(name|names|username|email|e_mail|mail|phone|telephone|iban|bic|swift|bank|account"
    r"|holder|address|officer|contact|password|secret|token|cookie|authorization|session)"
    r"($|_)",
    re.IGNORECASE,
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")


# Parts of an event that describe the software, not a person: their keys ("name") are kept.
ABOUT_THE_SOFTWARE = {"sdk", "contexts", "modules"}


def scrub(value, key: str = "", *, by_key: bool = True):
    """``value`` with every personal field replaced and every e-mail address or IBAN blotted."""
    if by_key and key and PERSONAL_KEYS.search(key.replace("-", "_")):
        return SCRUBBED
    if isinstance(value, dict):
        return {k: scrub(v, str(k), by_key=by_key) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(item, by_key=by_key) for item in value]
    if isinstance(value, str):
        return IBAN.sub("[bank account]", EMAIL.sub("[e-mail]", value))
    return value


def before_send(event: dict, hint: dict) -> dict:
    """Sentry's last look at an event: only the user's id stays; the rest is scrubbed."""
    user = event.get("user") or {}
    event["user"] = {"id": user["id"]} if "id" in user else {}
    request = event.get("request") or {}
    for part in ("cookies", "data", "query_string"):
        if part in request:
            request[part] = SCRUBBED
    return {key: scrub(value, by_key=key not in ABOUT_THE_SOFTWARE) for key, value in event.items()}


def init_sentry(environ) -> None:
    """Start sentry-sdk when ``SENTRY_DSN`` is set (settings.py calls this, so web and worker
    both do), with no personal data: only the user's id, everything else scrubbed."""
    if not environ.get("SENTRY_DSN"):
        return
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=environ["SENTRY_DSN"],
        environment=environ.get("SENTRY_ENVIRONMENT", "production"),
        release=environ.get("SENTRY_RELEASE") or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        before_send=before_send,
        max_request_body_size="never",
    )


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, and the traceback if any.

    Ours rather than python-json-logger: these dozen lines are all we need, and a log line's
    shape is part of the operator's contract that a library's major version should not change.
    """

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def logging_settings(*, log_format: str, level: str) -> dict:
    """settings.LOGGING: console lines (JSON if asked), and 500s to ADMINS through the outbox."""
    console = {"class": "logging.StreamHandler"}
    if log_format == "json":
        console["formatter"] = "json"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "consolidate.observability.JsonFormatter"}},
        "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
        "handlers": {
            "console": console,
            "admins_outbox": {
                "class": "notifications.error_reports.OutboxAdminEmailHandler",
                "level": "ERROR",
                "filters": ["require_debug_false"],
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own "django" handlers (console in debug, mail_admins) are replaced: the
            # root's console prints, and 500s reach ADMINS once, through the outbox.
            "django": {"handlers": [], "level": "INFO"},
            "django.request": {"handlers": ["admins_outbox"], "level": "ERROR"},
            # WeasyPrint and fontTools narrate every step of a PDF at INFO.
            **{name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
        },
    }
