"""What every page's layout needs from settings: the network's name and the EU emblem slot."""

from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders


@cache
def eu_emblem() -> str | None:
    """The emblem's static path if the operator has put the file in place, else None.

    Looked up once per process: the file comes with a deployment, not while it runs.
    """
    path = settings.EU_EMBLEM_PATH
    return path if path and finders.find(path) else None


def site_identity(request) -> dict:
    return {"network_name": settings.NETWORK_NAME, "eu_emblem": eu_emblem()}
