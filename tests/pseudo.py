"""A pseudo-language: every string of every catalogue the pages use, wrapped in markers.

``build(folder)`` writes ``folder/xx/LC_MESSAGES/django.mo`` (and ``djangojs.mo``) in which each
message of ours (``locale/*/django.po``), of Django, of its admin and of every installed app
that ships a catalogue (allauth, django-countries, ...) translates to ``⟦message⟧``. A page
shown in it wraps every translated string; whatever a person reads outside the markers was
either typed by a person (data) or never marked for translation.
"""

from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings

CODE = "xx"
OPEN, CLOSE = "⟦", "⟧"


def wrap(text: str) -> str:
    return f"{OPEN}{text}{CLOSE}" if text else text


def _catalogue_files(domain: str) -> list[Path]:
    """One catalogue of each source (any language: only the messages are read)."""
    folders = [Path(folder) for folder in settings.LOCALE_PATHS]
    folders += [Path(app.path) / "locale" for app in apps.get_app_configs()]
    folders.append(Path(__import__("django").__file__).parent / "conf" / "locale")
    found = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for language in ("en", "fr", *sorted(p.name for p in folder.iterdir())):
            po = folder / language / "LC_MESSAGES" / f"{domain}.po"
            mo = po.with_suffix(".mo")
            if po.exists() or mo.exists():
                found.append(po if po.exists() else mo)
                break
    return found


def _entries(domain: str) -> dict:
    entries = {}
    for path in _catalogue_files(domain):
        catalogue = polib.pofile(str(path)) if path.suffix == ".po" else polib.mofile(str(path))
        for entry in catalogue:
            if entry.msgid and not entry.obsolete:
                entries[(entry.msgctxt, entry.msgid, entry.msgid_plural)] = entry
    return entries


def build(folder: Path) -> Path:
    """Write the pseudo catalogues under ``folder`` (a LOCALE_PATHS entry) and return it."""
    target = folder / CODE / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    for domain in ("django", "djangojs"):
        catalogue = polib.MOFile()
        catalogue.metadata = {
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": "nplurals=2; plural=(n != 1);",
            "Language": CODE,
        }
        for (context, msgid, plural), _entry in sorted(_entries(domain).items(), key=str):
            pseudo = polib.MOEntry(msgctxt=context, msgid=msgid, msgid_plural=plural)
            if plural:
                pseudo.msgstr_plural = {0: wrap(msgid), 1: wrap(plural)}
            else:
                pseudo.msgstr = wrap(msgid)
            catalogue.append(pseudo)
        catalogue.save(str(target / f"{domain}.mo"))
    return folder
