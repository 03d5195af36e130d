"""allauth in the house voice: our site's name and address in every account e-mail.

allauth names the site after the request's host ("Hello from 127.0.0.1:8101!") and builds its
links from it. Our e-mails name the site from ``SITE_NAME`` and link to ``SITE_URL``, like the
e-mails the other apps send, and the person is named by their e-mail address: the user name
allauth generates from it is never shown. Each e-mail is in its reader's language: the one stored
with their account, else (no account yet, or none chosen) the page's, and its links open in it.
"""

from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation

from .languages import with_language
from .preferences import preferences_of, valid_language

# The links allauth puts in its e-mails' context, built from the request's host.
LINKS = ("activate_url", "password_reset_url", "signup_url")


def user_display(user) -> str:
    """How allauth names a person (ACCOUNT_USER_DISPLAY): their e-mail address."""
    return user.email


def on_our_site(url: str) -> str:
    """``url`` with the scheme and host of SITE_URL instead of the request's."""
    site = urlsplit(settings.SITE_URL)
    parts = urlsplit(url)
    return urlunsplit((site.scheme, site.netloc, parts.path, parts.query, parts.fragment))


def our_site() -> SimpleNamespace:
    """What allauth's templates expect of ``current_site``, from our settings."""
    return SimpleNamespace(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        language = reader_language(context.get("user"))
        home = with_language(settings.SITE_URL.rstrip("/") + "/", language)
        context = {**context, "current_site": our_site(), "site_url": home}
        for name in LINKS:
            if context.get(name):
                context[name] = with_language(on_our_site(context[name]), language)
        with translation.override(language):
            super().send_mail(template_prefix, email, context)


def reader_language(user) -> str:
    """The stored language of the account an e-mail is about, else the page's."""
    chosen = preferences_of(user)
    return chosen.language if chosen else valid_language(translation.get_language())
