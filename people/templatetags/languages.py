"""``{% language_menu %}``: the form that changes the language of every page, on every page."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils import translation

from consolidate.fragments import kept_fragment
from people.languages import LANGUAGE_PARAMETER

register = template.Library()


def page_without_language(request) -> str:
    """The page to come back to, without the e-mail's ``?lang=``, which would undo the choice."""
    if request is None:
        return "/"
    query = request.GET.copy()
    query.pop(LANGUAGE_PARAMETER, None)
    return request.path + (f"?{urlencode(query, doseq=True)}" if query else "")


@register.simple_tag(takes_context=True)
def language_menu(context, style: str = "site"):
    """Kept per process for each language, style and whether the reader is signed in
    (consolidate/fragments.py); the page to come back to and the token are filled in."""
    request = context.get("request")
    signed_in = request is not None and request.user.is_authenticated
    holes = {"next": page_without_language(request)}
    if signed_in:
        # Only a signed-in person's form carries a token (people.views.set_language): an
        # anonymous page stays the same for every visitor, so it can be served from the cache.
        holes["token"] = str(context.get("csrf_token", ""))
    facts = {"style": style, "signed_in": signed_in}
    settled = {"languages": settings.LANGUAGES, "current": translation.get_language()}
    return kept_fragment("_language_menu.html", facts, holes, settled)
