"""The shipped catalogues: complete, well-formed, and up to date with the code.

Every string a person reads is marked in the code (the pseudo-language walk in
tests/browser/test_pseudo_language.py finds the ones that are not); these tests hold the
translations of what is marked: ``make messages`` has gathered every marked string, each is
translated in every language, none is fuzzy, and ``msgfmt --check-format`` finds every
placeholder of the English in the translation.
"""

import os
import shutil
import subprocess  # nosec B404: msgfmt, the reference checker of gettext catalogues
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
FRENCH = "locale/fr/LC_MESSAGES/django.po"
IGNORED = [".venv/*", "tests/*", "benchmarks/*", "var/*", "build/*"]


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _key(entry) -> tuple:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def test_every_language_of_the_site_has_a_catalogue():
    assert LANGUAGES == ["fr", "de", "es", "it"]
    for language in LANGUAGES:
        assert (LOCALE / language / "LC_MESSAGES" / "django.po").exists(), language


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    untranslated = [entry.msgid[:60] for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid[:60] for entry in po.fuzzy_entries()]
    assert not untranslated, (
        f"{language}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    )
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    assert "fuzzy" not in po.metadata_as_entry().flags
    assert po.metadata.get("Language") == language


def _msgfmt() -> str:
    found = shutil.which("msgfmt")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("msgfmt (gettext) is missing")
        pytest.skip("gettext's msgfmt is not installed")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_msgfmt_finds_every_placeholder_in_the_translation(language, tmp_path):
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(  # nosec B603: a fixed program on our own file
        [_msgfmt(), "--check-format", "--check-header", "-o", str(tmp_path / "x.mo"), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and not result.stderr, result.stderr


def test_the_catalogues_hold_every_marked_string(tmp_path, monkeypatch):
    """``make messages`` run now changes nothing: every marked string is in the catalogues,
    and none that the code no longer uses. It runs on a copy of the code, which it may write."""
    _msgfmt()  # makemessages runs xgettext, from the same package
    copy = tmp_path / "src"
    skipped = shutil.ignore_patterns(".*", "var", "build", "tests", "benchmarks", "*.mo", "__*")
    shutil.copytree(ROOT, copy, ignore=skipped)
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command("makemessages", locale=["fr"], ignore_patterns=IGNORED, no_obsolete=True,
                     verbosity=0)  # fmt: skip
    gathered = {_key(entry) for entry in polib.pofile(str(copy / FRENCH))}
    shipped = {_key(entry) for entry in polib.pofile(str(ROOT / FRENCH))}
    new = sorted(str(key[1])[:70] for key in gathered - shipped)
    gone = sorted(str(key[1])[:70] for key in shipped - gathered)
    assert not new, f"run `make messages` and translate: {len(new)} new, e.g. {new[:8]}"
    assert not gone, f"run `make messages`: {len(gone)} no longer used, e.g. {gone[:8]}"
