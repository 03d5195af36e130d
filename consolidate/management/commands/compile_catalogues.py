"""``manage.py compile_catalogues``: turn every locale/<language>/LC_MESSAGES/*.po into its .mo.

Django's own ``compilemessages`` needs GNU gettext's ``msgfmt`` on the machine; polib does the
same in Python, so ``make run`` needs nothing but Python on a newcomer's machine. A catalogue
whose .mo is newer than its .po is left alone.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def compile_catalogues(folders) -> list[Path]:
    written = []
    for folder in folders:
        for po in sorted(Path(folder).glob("*/LC_MESSAGES/*.po")):
            mo = po.with_suffix(".mo")
            if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
                continue
            polib.pofile(str(po)).save_as_mofile(str(mo))
            written.append(mo)
    return written


class Command(BaseCommand):
    help = "Compile the translation catalogues (locale/*/LC_MESSAGES/*.po) into .mo files."

    def handle(self, *args, **options):
        written = compile_catalogues(settings.LOCALE_PATHS)
        if options["verbosity"] > 0:
            for mo in written:
                self.stdout.write(f"compiled {mo}")
            self.stdout.write(f"{len(written)} catalogue(s) compiled.")
