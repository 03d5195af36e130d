"""One build rule on top of pyproject.toml: ship the project-level folders inside the package.

templates/, static/ and locale/ are top-level folders of the source tree (the house style puts
site-wide templates and our own static files there). A wheel has no top level of its own: what
it installs are packages. So the build copies each folder into the wheel as
consolidate/site/<folder>, and consolidate/settings.py looks there when it runs installed.
MANIFEST.in puts the same folders into the sdist, which a wheel may be built from.

The translations are compiled on the way: each locale/<language>/LC_MESSAGES/django.po becomes
the django.mo Django reads, written by polib (pure Python, a build requirement in
pyproject.toml), so neither the build nor the image needs GNU gettext. Untranslated and fuzzy
entries are left out, as msgfmt leaves them out: the English source shows instead.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SITE_FOLDERS = ("templates", "static", "locale")


class BuildPyWithSiteFolders(build_py):
    def run(self):
        super().run()
        if self.editable_mode:  # an editable install reads the source tree itself
            return
        site = Path(self.build_lib) / "consolidate" / "site"
        for name in SITE_FOLDERS:
            if Path(name).is_dir():
                self.copy_tree(name, str(site / name))
        compile_catalogues(site / "locale")


def compile_catalogues(folder: Path) -> None:
    import polib  # a build requirement (pyproject.toml), not one of the site's

    for source in sorted(folder.glob("*/LC_MESSAGES/*.po")):
        polib.pofile(str(source)).save_as_mofile(str(source.with_suffix(".mo")))


setup(cmdclass={"build_py": BuildPyWithSiteFolders})
