"""The application's own settings, for the fault tests' gunicorn and Celery processes.

With DEBUG off (the 503 page is production's answer), static files are served unhashed, so
that no collectstatic has to run before each test.
"""

from consolidate.settings import *  # noqa: F403
from consolidate.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
