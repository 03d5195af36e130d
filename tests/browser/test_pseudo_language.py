"""Every page of the whole cycle in a pseudo-language, read by the machine.

The pages of ``test_every_page`` are shown, as each person sees them, in a language whose
catalogue wraps every message in ``⟦ ⟧`` (tests/pseudo.py). Whatever a page shows outside the
markers (its text, and what a screen reader reads: labels, titles, placeholders, alternative
texts, the options of a list) must be data a person entered, which the test reads from every
text column of the database, or numbers. Anything else is a string nobody marked for
translation, and a reader in French, German, Spanish or Italian would meet it in English.
"""

import re
import zoneinfo
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test.utils import override_settings

from tests import pseudo
from tests.browser.test_every_page import (  # noqa: F401 (fixtures, used by name)
    PAGES,
    People,
    demo_site,
    transactional_db,
)

pytestmark = pytest.mark.browser

# What a page may show untranslated: the names of the languages in the language menu (each in
# its own language, so a reader finds theirs; "Pseudo" is this test's), the places of the IANA
# time zones (data, as a zone is named: "Europe/Lisbon"), the currency code, zone abbreviations.
NAMES = {word for _code, name in settings.LANGUAGES for word in re.findall(r"\w+", name)}
PLACES = {w for zone in zoneinfo.available_timezones() for w in re.findall(r"[^\W_]+", zone)}
ALLOWED = {word.casefold() for word in NAMES | PLACES | {"Pseudo"}} | {
    "eur", "utc", "gmt", "cet", "cest", "wet", "west", "eet", "eest", "pdf", "ics", "csv",
}  # fmt: skip
WORDS = re.compile(r"[^\W\d_]{2,}")

TEXTS_JS = """
() => {
  const texts = [], running = [];
  const shown = el => el && el.getClientRects().length > 0 &&
    getComputedStyle(el).visibility !== 'hidden';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, noscript, template, textarea')) continue;
    const text = node.textContent.trim();
    if (text && (shown(parent) || parent.closest('select'))) running.push(text);
  }
  // A marked message may hold a link or an emphasis: its markers open and close in different
  // text nodes, so the page's running text is read as one, in document order.
  texts.push(running.join(' \\n '));
  const attributes = ['aria-label', 'title', 'placeholder', 'alt', 'aria-description'];
  for (const el of document.body.querySelectorAll('*')) {
    for (const name of attributes) {
      const value = (el.getAttribute(name) || '').trim();
      if (value) texts.push(value);
    }
    if (el.matches('input[type=submit], input[type=button], input[type=reset]') && el.value)
      texts.push(el.value.trim());
  }
  texts.push(document.title);
  return texts;
}
"""


def data_words() -> set[str]:
    """Every word of every text, name, address and file name stored in the database."""
    words = set()
    kinds = (models.CharField, models.TextField, models.FileField, models.EmailField)
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, kinds)]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                if value:
                    words.update(word.casefold() for word in WORDS.findall(str(value)))
    return words


def known(word: re.Match, known_words: set[str]) -> bool:
    """A stored word, or the start of one that a page shortened ("provisi…")."""
    text = word.group().casefold()
    if text in known_words:
        return True
    shortened = word.string[word.end() : word.end() + 1] == "…"
    return shortened and any(stored.startswith(text) for stored in known_words)


def unmarked(text: str) -> str:
    """``text`` without its marked parts (innermost first, as markers nest)."""
    inner = re.compile(f"{pseudo.OPEN}[^{pseudo.OPEN}{pseudo.CLOSE}]*{pseudo.CLOSE}")
    while True:
        shorter = inner.sub(" ", text)
        if shorter == text:
            return text
        text = shorter


@pytest.fixture(scope="module", autouse=True)
def pseudo_language(tmp_path_factory):
    folder = pseudo.build(tmp_path_factory.mktemp("pseudo-locale"))
    with override_settings(
        LANGUAGES=[*settings.LANGUAGES, (pseudo.CODE, "Pseudo")],
        LOCALE_PATHS=[folder, *settings.LOCALE_PATHS],
    ):
        yield


class PseudoPeople(People):
    """Each person logs in (in English, as the log-in helper reads its buttons), then reads."""

    def page_of(self, person: str, width: int):
        fresh = self.key != (person, width)
        page = super().page_of(person, width)
        if fresh:
            cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": pseudo.CODE}
            self.context.add_cookies([{**cookie, "url": self.url}])
        return page


@pytest.fixture(scope="module")
def people(browser, demo_site):  # noqa: F811 (this module's people read the pseudo-language)
    people = PseudoPeople(browser, demo_site.url)
    yield people
    people.close()


@pytest.fixture(scope="module")
def known_words(demo_site):  # noqa: F811 (the fixture imported above)
    return data_words() | ALLOWED


CASES = [pytest.param(page, id=f"{page.person}-{page.name}") for page in PAGES]


@pytest.mark.parametrize("spec", CASES)
def test_every_visible_string_is_translated(people, demo_site, known_words, spec):  # noqa: F811 (fixture)
    path = spec.path.format(**demo_site.ids)
    page = people.page_of(spec.person, 1280)
    response = page.goto(path)
    assert response is not None and response.status == spec.status, f"{path}: {response}"
    assert urlsplit(page.url).path == path, f"ended at {page.url}"
    assert page.locator("html").get_attribute("lang") == pseudo.CODE
    found = {}
    for text in page.evaluate(TEXTS_JS):
        for rest in unmarked(text).split("\n"):
            strangers = [m.group() for m in WORDS.finditer(rest) if not known(m, known_words)]
            if strangers:
                found[" ".join(rest.split())[:120]] = strangers
    if found:
        lines = [f"{text!r}: {' '.join(words)}" for text, words in sorted(found.items())]
        pytest.fail(
            f"{path} for {spec.person} shows {len(found)} text(s) nobody marked for "
            "translation:\n  - " + "\n  - ".join(lines),
            pytrace=False,
        )
