"""How words are counted: the same rule as static/js/word-count.js, so both agree."""


def count_words(text: str) -> int:
    return len((text or "").split())
