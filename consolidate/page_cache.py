"""Whole pages for anonymous visitors, from the cache, before any other middleware runs.

The public call pages, the list of calls (the home page), the accessibility statement and the
privacy notice are the same for every anonymous visitor in a language. A view says so with
``cache_for_anonymous(response, seconds)``, ``seconds`` being how long the page stays exactly
right (a call page's "time left" changes every minute: it gives the seconds to the next
change). This middleware, first in the stack, stores such a response and serves it again to
the next anonymous visitor of the same path in the same language, skipping sessions, CSRF,
authentication, messages and the template.

What is never cached: anything for a visitor who sends a session or messages cookie (signed
in, or with a message waiting), a response that sets a cookie or used the CSRF token (a page
with a form: its masked token is per visitor), a response other than 200, a URL with a query
string. ``bump()`` (called when a call changes) makes every stored page stale at once: each
entry carries the generation it was made in.
"""

import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

MARK = "_anonymous_cache_seconds"
GENERATION = "anonymous-pages:generation"
# The pages a view may mark; any other path is not even looked up.
PATHS = re.compile(r"^/(?:calls/[-\w]+/|accessibility/|privacy/)?$")


def cache_for_anonymous(response: HttpResponse, seconds: float) -> HttpResponse:
    """Mark ``response`` as the same for every anonymous visitor for ``seconds`` (capped)."""
    setattr(response, MARK, min(seconds, settings.ANONYMOUS_PAGE_SECONDS))
    return response


def bump() -> None:
    """Every stored page is stale from now on (a call, or what its pages show, changed)."""
    try:
        cache.incr(GENERATION)
    except ValueError:
        cache.set(GENERATION, 1, None)


def _key(request) -> str | None:
    if request.method != "GET" or request.META.get("QUERY_STRING"):
        return None
    if not PATHS.match(request.path_info):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    language = translation.get_language_from_request(request)
    return f"anonymous-page:{language}:{request.path_info}"


def _storable(request, response) -> bool:
    user = getattr(request, "user", None)
    return (
        getattr(response, MARK, 0) >= 1
        and response.status_code == 200
        and not response.cookies
        and not getattr(response, "streaming", False)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (user is not None and user.is_authenticated)
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _key(request)
        if key is None:
            return self.get_response(request)
        found = cache.get_many([key, GENERATION])
        generation = found.get(GENERATION, 0)
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            _, status, headers, content = entry
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if _storable(request, response):
            headers = list(response.items())
            entry = (generation, response.status_code, headers, response.content)
            cache.set(key, entry, getattr(response, MARK))
        return response
