"""``{% site_nav show_visits %}`` and ``{% site_footer %}``: every page's menu and footer, kept
per process for each language and kind of reader (consolidate/fragments.py)."""

from django import template

from consolidate.context_processors import site_identity
from consolidate.fragments import kept_fragment

register = template.Library()


@register.simple_tag(takes_context=True)
def site_nav(context, show_visits: bool = False):
    """The brand and the menu: what a signed-in reader sees depends on whether they are on a
    visit team (``show_visits``, asked by the page) and staff."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return kept_fragment("_site_nav.html", {"signed_in": False}, {})
    facts = {"signed_in": True, "show_visits": bool(show_visits), "is_staff": user.is_staff}
    holes = {"email": user.email, "token": str(context.get("csrf_token", ""))}
    return kept_fragment("_site_nav.html", facts, holes)


@register.simple_tag
def site_footer():
    """The footer: the same on every page of a language, error pages included."""
    return kept_fragment("_footer.html", site_identity(None), {})


@register.simple_tag
def kept(template_name: str):
    """``template_name`` rendered once per process and language: for a part of a page that
    depends on nothing else (headings, labels, links to fixed pages)."""
    return kept_fragment(template_name, {}, {})
