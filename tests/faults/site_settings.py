"""The application's own settings, for the fault tests' gunicorn and Celery processes.

With DEBUG off (the 503 page is production's answer), static files are served unhashed, so
that no collectstatic has to run before each test.
"""

import sys
from pathlib import Path

from consolidate.settings import *  # noqa: F403 (all of the application's settings, then ours)
from consolidate.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CHECKOUT = str(Path(__file__).resolve().parents[2])


def _points_elsewhere(finder) -> bool:
    """An editable install's finder (setuptools) that serves another checkout's modules."""
    mapping = getattr(sys.modules.get(getattr(finder, "__module__", "")), "MAPPING", None)
    return isinstance(mapping, dict) and any(
        not str(path).startswith(CHECKOUT) for path in mapping.values()
    )


# A virtualenv shared by several checkouts (git worktrees) may hold an editable install of
# another one, whose finder would hand Celery's task discovery a module this checkout lacks.
# The processes run this checkout (on PYTHONPATH) and nothing else.
sys.meta_path[:] = [finder for finder in sys.meta_path if not _points_elsewhere(finder)]
