"""allauth in the house voice: our site's name and address in every account e-mail.

allauth names the site after the request's host ("Hello from 127.0.0.1:8101!") and builds its
links from it. Our e-mails name the site from ``SITE_NAME`` and link to ``SITE_URL``, like the
e-mails the other apps send, and the person is named by their e-mail address: the user name
allauth generates from it is never shown.
"""

from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

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
        context = {**context, "current_site": our_site(), "site_url": settings.SITE_URL}
        for name in LINKS:
            if context.get(name):
                context[name] = on_our_site(context[name])
        super().send_mail(template_prefix, email, context)
