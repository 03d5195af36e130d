"""``{% language_menu %}``: the form that changes the language of every page, on every page."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils import translation

from people.languages import LANGUAGE_PARAMETER

register = template.Library()


def page_without_language(request) -> str:
    """The page to come back to, without the e-mail's ``?lang=``, which would undo the choice."""
    if request is None:
        return "/"
    query = request.GET.copy()
    query.pop(LANGUAGE_PARAMETER, None)
    return request.path + (f"?{urlencode(query, doseq=True)}" if query else "")


@register.inclusion_tag("_language_menu.html", takes_context=True)
def language_menu(context, style: str = "site") -> dict:
    request = context.get("request")
    signed_in = request is not None and request.user.is_authenticated
    return {
        "request": request,
        # Only a signed-in person's form carries a token (people.views.set_language): an
        # anonymous page stays the same for every visitor, so it can be served from the cache.
        "token": context.get("csrf_token") if signed_in else None,
        "next": page_without_language(request),
        "languages": settings.LANGUAGES,
        "current": translation.get_language(),
        "style": style,
    }
