"""Which language a page is in: the person's choice in the menu, their stored one at log-in, or
the one a link sent by e-mail names.

LocaleMiddleware decides first (the language cookie, else the browser's ``Accept-Language``).
``PersonLanguageMiddleware`` then applies what it cannot know: a link an e-mail carries as
``?lang=<code>`` (so it opens in its recipient's language, even on a device that never visited),
and the language stored with a person who has just logged in. Either way the language cookie is
set, so the following pages stay in that language until the person chooses another.
"""

from django.conf import settings
from django.utils import translation

from .preferences import LANGUAGE_CODES

LANGUAGE_PARAMETER = "lang"


def with_language(url: str, language: str) -> str:
    """``url`` carrying ``?lang=<language>``, for a link sent by e-mail."""
    if language not in LANGUAGE_CODES:
        return url
    path, hash_mark, fragment = url.partition("#")
    separator = "&" if "?" in path else "?"
    return f"{path}{separator}{LANGUAGE_PARAMETER}={language}{hash_mark}{fragment}"


def remember_on_response(request, language: str) -> None:
    """Ask the middleware to set the language cookie on this request's response."""
    request.language_to_keep = language


def set_language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class PersonLanguageMiddleware:
    """After LocaleMiddleware: ``?lang=`` activates one of our languages for this page and keeps
    it; a log-in keeps the person's stored language (``people.signals``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        named = request.GET.get(LANGUAGE_PARAMETER)
        if named in LANGUAGE_CODES:
            translation.activate(named)
            request.LANGUAGE_CODE = named
            remember_on_response(request, named)
        response = self.get_response(request)
        keep = getattr(request, "language_to_keep", None)
        if keep:
            set_language_cookie(response, keep)
        return response
