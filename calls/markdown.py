"""Call texts are written in Markdown by staff and shown to everyone, so they are sanitised."""

import functools

from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "h4", "h5",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


@functools.lru_cache(maxsize=512)
def render_markdown(text: str) -> SafeString:
    """The sanitised HTML of ``text``; cached, as call texts change rarely and are read often."""
    # Imported here: the call page's text is a cached fragment, so most web workers never
    # render Markdown and need not carry the two libraries.
    import markdown as markdown_lib
    import nh3

    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    # nh3 has removed every tag and attribute not allowed above.
    return mark_safe(clean)  # noqa: S308  # nosec B308 B703
