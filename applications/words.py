"""How words are counted: the same rule as static/js/word-count.js, so both agree."""

from django.utils.translation import ngettext


def count_words(text: str) -> int:
    return len((text or "").split())


def word_limit_problem(text: str, limit: int) -> str:
    """What to tell the officer when ``text`` is over ``limit`` words; empty when it is not."""
    words = count_words(text)
    if words <= limit:
        return ""
    return ngettext(
        "Please shorten this to %(limit)s word or fewer (it has %(words)s).",
        "Please shorten this to %(limit)s words or fewer (it has %(words)s).",
        limit,
    ) % {"limit": limit, "words": words}
