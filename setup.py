"""One build rule on top of pyproject.toml: ship the project-level folders inside the package.

templates/, static/ and locale/ are top-level folders of the source tree (the house style puts
site-wide templates and our own static files there). A wheel has no top level of its own: what
it installs are packages. So the build copies each folder into the wheel as
consolidate/site/<folder>, and consolidate/settings.py looks there when it runs installed.
The catalogues of locale/ are compiled into .mo files on the way (polib: no gettext needed).
MANIFEST.in puts the same folders into the sdist, which a wheel may be built from.
"""

from pathlib import Path

import polib
from setuptools import setup
from setuptools.command.build_py import build_py

SITE_FOLDERS = ("templates", "static", "locale")


class BuildPyWithSiteFolders(build_py):
    def run(self):
        super().run()
        if self.editable_mode:  # an editable install reads the source tree itself
            return
        for name in SITE_FOLDERS:
            if Path(name).is_dir():
                self.copy_tree(name, str(Path(self.build_lib) / "consolidate" / "site" / name))
        # The translations, compiled (manage.py compile_catalogues does the same in a checkout).
        for po in Path(self.build_lib, "consolidate", "site", "locale").glob("*/LC_MESSAGES/*.po"):
            polib.pofile(str(po)).save_as_mofile(str(po.with_suffix(".mo")))


setup(cmdclass={"build_py": BuildPyWithSiteFolders})
