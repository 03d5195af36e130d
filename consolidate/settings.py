"""Settings for the peer-support call platform.

One file in titled sections. Every difference between a laptop and production comes from an
environment variable; the default is what a newcomer needs locally (SQLite, mail written to
files under var/, Celery without Redis).
"""

import os
import sys
from pathlib import Path

import dj_database_url

from consolidate.celery_config import beat_schedule, broker_transport_options
from consolidate.observability import admins_from, init_sentry, logging_settings
from consolidate.storage import file_storages

BASE_DIR = Path(__file__).resolve().parent.parent
# templates/, static/ and locale/ are top-level folders of the source tree; an installed wheel
# carries them inside the package, as consolidate/site/ (setup.py). SITE_DIR is whichever holds
# them, so the same settings run from a checkout and from `pip install .`, in any folder.
INSTALLED_COPY = Path(__file__).resolve().parent / "site"
SITE_DIR = INSTALLED_COPY if INSTALLED_COPY.is_dir() else BASE_DIR
# Installed, there is no checkout to keep var/ in: the default is the environment's own
# var/consolidate (where Flask puts an installed app's instance folder), made on first use.
INSTALLED_VAR_DIR = Path(sys.prefix) / "var" / "consolidate"
VAR_DIR = Path(
    os.environ.get(
        "CONSOLIDATE_VAR_DIR", BASE_DIR / "var" if SITE_DIR == BASE_DIR else INSTALLED_VAR_DIR
    )
)
if VAR_DIR == INSTALLED_VAR_DIR:
    VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "local-only-insecure-key-do-not-use-in-production-0123456789"
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    # Translated fields of the call's own texts (calls/translation.py); before the admin, whose
    # forms it patches.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "rules.apps.AutodiscoverRulesConfig",
    "consolidate",
    "people",
    "calls",
    "champions",
    "applications",
    "reviews",
    "visits",
    "notifications",
    "dashboards",
    "demo",
]

MIDDLEWARE = [
    # First: a load balancer's probe is answered before any host check, redirect or login.
    "consolidate.health.HealthMiddleware",
    # Then a page held for anonymous visitors skips everything below (page_cache.py).
    "consolidate.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "consolidate.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "consolidate.uploads.UploadLimitMiddleware",  # before anything reads a body
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "people.signed_in.KeptUserAuthenticationMiddleware",  # Django's, the row kept in the cache
    "people.languages.PersonLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "consolidate.csp_once.PolicyOnceCSPMiddleware",  # django-csp, its policy built once
    "people.second_factor.StaffSecondFactorMiddleware",
]

ROOT_URLCONF = "consolidate.urls"
WSGI_APPLICATION = "consolidate.wsgi.application"

TAGS = "consolidate.templatetags."  # our template libraries (kept_i18n.py has why)
LIBRARIES = {"i18n": "kept_i18n", "admin_list": "quick_admin_list", "static": "kept_static"}
TEMPLATES = [
    {
        "BACKEND": "consolidate.templatetags.kept_i18n.Templates",  # Django's; see its check
        "NAME": "django",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "consolidate.context_processors.site_identity",
            ],
            # Django's i18n, admin_list, static, {% url %}: texts, addresses kept; filters quick
            "libraries": {name: f"{TAGS}{module}" for name, module in LIBRARIES.items()},
            "builtins": [f"{TAGS}kept_urls"],
        },
    },
]
FORM_RENDERER = "consolidate.form_renderer.FastWidgets"  # plain widgets written in Python

# --- Database ---------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) speed up PostgreSQL; SQLite builds them as plain ones, enough.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Accounts (django-allauth) ----------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "calls:list"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# allauth in the house voice (people/adapter.py, people/forms.py, templates/account/): the site
# is named from SITE_NAME and linked at SITE_URL, never after the request's host, and a person is
# named by their e-mail address, never by the user name allauth generates.
SITE_NAME = os.environ.get("SITE_NAME", "Cities Helping Cities")
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_ADAPTER = "people.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "people.adapter.user_display"
ACCOUNT_FORMS = {
    "login": "people.forms.LoginForm",
    "signup": "people.forms.SignupWithZoneForm",
    "reset_password": "people.forms.ResetPasswordForm",  # nosec B105: a form class path, not a password
    "reset_password_from_key": "people.forms.ResetPasswordKeyForm",  # nosec B105: a form class path, not a password
    "change_password": "people.forms.ChangePasswordForm",  # nosec B105: a form class path, not a password
    "set_password": "people.forms.SetPasswordForm",  # nosec B105: a form class path, not a password
    "add_email": "people.forms.AddEmailForm",
    "reauthenticate": "people.forms.ReauthenticateForm",
}
MFA_FORMS = {
    "authenticate": "people.forms.AuthenticateForm",
    "reauthenticate": "people.forms.MFAReauthenticateForm",
    "activate_totp": "people.forms.ActivateTOTPForm",
}
# Failed logins: 5 per account (the e-mail tried) in 5 minutes, 30 a minute per address (as
# many logins as allauth lets an address try at all): one person's wrong passwords do not lock
# out a colleague at the same town hall (people/login.py answers 429 at a limit). Behind a
# proxy, ALLAUTH_TRUSTED_PROXY_COUNT says how many X-Forwarded-For hops to trust.
ACCOUNT_RATE_LIMITS = {"login_failed": os.environ.get("LOGIN_FAILED_LIMITS", "30/m/ip,5/5m/key")}
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("ALLAUTH_TRUSTED_PROXY_COUNT", "0"))

# Staff reach the admin only with a second factor (TOTP, with recovery codes).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Cities Helping Cities"
MFA_TOTP_TOLERANCE = 1  # accept the previous and next 30-second code: clocks drift
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation and time ------------------------------------------------------------

LANGUAGE_CODE = "en"
# Five languages, each named in its own language so a reader finds theirs whatever is active.
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("it", "Italiano"),
]
LOCALE_PATHS = [SITE_DIR / "locale"]
# The call's own texts are written per language (title_en, title_fr, ...); a text missing in
# the active language is shown in English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"  # a call's slug comes from its English title
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
FORMAT_MODULE_PATH = ["consolidate.formats"]
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [SITE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# A request announcing more is refused (413) before it is read: a 10 MB receipt (the largest
# file we take) and room for the form around it (consolidate/uploads.py). A proxy in front sets
# the same limit (nginx: client_max_body_size 11m).
UPLOAD_REQUEST_MAX_BYTES = int(os.environ.get("UPLOAD_REQUEST_MAX_BYTES", 11 * 2**20))

# Uploads on this host's disk, or in S3-compatible object storage with STORAGE_URL or
# AWS_STORAGE_BUCKET_NAME (consolidate/storage.py); private either way.
STORAGES = {
    **file_storages(os.environ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            # WhiteNoise's, each file's address kept (consolidate/static_files.py).
            else "consolidate.static_files.KeptAddressesStaticFiles"
        )
    },
}

# --- E-mail -----------------------------------------------------------------------------------

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Cities Helping Cities <no-reply@citieshelpingcities.example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -----------------------------------------------------------------------------------

# Without CELERY_BROKER_URL, Celery uses kombu's file-system transport under var/: the same
# tasks, worker and beat as in production, with no Redis to install.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = broker_transport_options(CELERY_BROKER_URL, VAR_DIR, os.environ)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TIMEZONE = TIME_ZONE
# If the broker does not answer, give up publishing quickly: the e-mail stays in the outbox
# and the next sweep queues it again, so the user's request never hangs on Redis.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2,
}  # fmt: skip
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# A visit's team hears of changes once the visit has had no change for this many minutes
# (a fraction too: 0.5 is thirty seconds).
VISIT_CHANGES_QUIET_MINUTES = float(os.environ.get("VISIT_CHANGES_QUIET_MINUTES", "5"))

# --- Health (consolidate/health.py) -----------------------------------------------------------

# Beat sends a heartbeat this often; beat or the worker is "down" after two missed ones.
HEALTH_HEARTBEAT_SECONDS = float(os.environ.get("HEALTH_HEARTBEAT_SECONDS", "60"))
HEALTH_PING_TIMEOUT = float(os.environ.get("HEALTH_PING_TIMEOUT", "2"))
HEALTH_MIN_FREE_MB = int(os.environ.get("HEALTH_MIN_FREE_MB", "200"))
# Addresses or networks (CIDR) that may read /health/ready; empty: anyone. Loopback always may.
HEALTH_ALLOWED_IPS = env_list("HEALTH_ALLOWED_IPS", "")

# --- Backups (consolidate/backups.py; `manage.py backup`, `manage.py restore`) -----------------

BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
BACKUP_KEEP = int(os.environ.get("BACKUP_KEEP", "7"))
# Local time (TIME_ZONE) of the nightly backup the worker makes, "HH:MM"; empty: none.
BACKUP_AT = os.environ.get("BACKUP_AT", "02:30")
CELERY_BEAT_SCHEDULE = beat_schedule(
    os.environ, heartbeat_seconds=HEALTH_HEARTBEAT_SECONDS, backup_at=BACKUP_AT
)

# Months after a call's deadline until unselected applications' personal data is removed.
RETENTION_MONTHS = int(os.environ.get("RETENTION_MONTHS", "12"))

# --- Front end --------------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
COUNTRIES_FIRST_BREAK = None

# --- Identity and funding line ---------------------------------------------------------------

# The network named in the footer. The EU emblem shows in the footer once the operator puts its
# file at this path under static/ (we do not ship it: its use follows the EU's own rules).
NETWORK_NAME = os.environ.get("NETWORK_NAME", "Cities Helping Cities network")
EU_EMBLEM_PATH = os.environ.get("EU_EMBLEM_PATH", "img/eu-emblem.svg")
# The postal address on one line, as the decision letter's letterhead prints it under the name.
NETWORK_ADDRESS = os.environ.get("NETWORK_ADDRESS", "Coordination office, 1000 Brussels, Belgium")

# --- Security ---------------------------------------------------------------------------------

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True  # no script of ours reads either
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Everything the pages load is ours; no inline script or style runs (django-csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Logging and error reports ---------------------------------------------------------------

# Who hears of a server error: DJANGO_ADMINS="Ana Ops <ana@example.org>,ops@example.org". Each
# gets the report through the outbox (notifications/error_reports.py), like any e-mail we send.
ADMINS = admins_from(os.environ.get("DJANGO_ADMINS", ""))
# LOG_FORMAT=json: one JSON object per line, for a log collector (consolidate/observability.py).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
# Celery's worker and beat keep to these handlers instead of their own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"
LOGGING = logging_settings(log_format=LOG_FORMAT, level=os.environ.get("LOG_LEVEL", "INFO"))

# SENTRY_DSN: errors of the web processes and the Celery worker go to Sentry too, without
# personal data; SENTRY_ENVIRONMENT and SENTRY_RELEASE name where and what.
init_sentry(os.environ)

# --- Cache (rate limits, sessions, the call pages' text) --------------------------------------

# Several web processes must share rate-limit counters, so production points this at Redis.
CACHES = {
    "default": (
        {
            # Django's RedisCache, but an outage is a miss, not an error (consolidate/cache.py).
            "BACKEND": "consolidate.cache.RedisCache",
            "LOCATION": os.environ["CACHE_URL"],
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
        if os.environ.get("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# How long, at most, a public page is served from the cache to anonymous visitors. Without a
# shared cache (CACHE_URL), another process may serve a page up to this long after a call changed.
ANONYMOUS_PAGE_SECONDS = int(os.environ.get("ANONYMOUS_PAGE_SECONDS", "60"))
# Sessions read from the cache, written through to the database: no session query on a page.
# Only with a shared cache: a process's own cache would serve a session another one ended.
SESSION_ENGINE = (
    "people.sessions"  # Django's cached_db, read with the signed-in person's keys
    if os.environ.get("CACHE_URL")
    else "django.contrib.sessions.backends.db"
)
# For as long, at most, the signed-in person's row is read from the shared cache instead of the
# database (people/signed_in.py; every save drops it). Only with a shared cache, as sessions.
SIGNED_IN_USER_SECONDS = int(
    os.environ.get("SIGNED_IN_USER_SECONDS", "300") if os.environ.get("CACHE_URL") else 0
)
