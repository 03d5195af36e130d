"""What a web worker would otherwise do on its first request, done once before it is forked.

gunicorn runs with ``--preload`` and replaces each worker after about 1,000 requests (Dockerfile):
a replacement is a fork of the master, and starts with whatever the master has done. The master
had imported the settings and the middleware, but not the URL configuration with the views behind
it, the templates or the translation catalogues, so every new worker did that on its first
request: about a quarter of a second, the slowest request of its life, once per 1,000.

``warm_up`` opens no connection (a forked worker must not share one: the caches' clients connect
on first use, and redis-py's pools start again in a forked process) and runs no query. Then it
freezes what it made (``gc.freeze``), so that the collector of a forked worker does not touch, and
copy, the pages all workers share. A last collection after the freeze finds nothing to free, but
it resets the count the collector compares new long-lived objects with (a full collection waits
until they are a quarter of the objects that were long-lived at the last one): before it, that
count was everything the warm-up made, and a worker let about 25 MB of a page's garbage cycles
(querysets, forms) pile up before it collected them.
"""

import gc
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.template import engines
from django.urls import get_resolver
from django.utils import translation

from consolidate.zone_names import zone_city


def warm_up() -> None:
    """Import every view, parse every template of ours, load every language's catalogue, make
    the caches' clients (unconnected)."""
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 (imports consolidate/urls.py and every view)
    resolver.reverse_dict  # noqa: B018 (the reverse lookup tables, built once)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Cities Helping Cities")
    for engine in engines.all():
        for name in _our_templates(engine):
            engine.get_template(name)
    zone_city("Europe/Brussels", "en")  # reads the zones' city names (zone_cities.json)
    for alias in settings.CACHES:
        caches[alias]  # noqa: B018 (imports its client library; connects on first use)
    gc.collect()
    gc.freeze()
    gc.collect()  # nothing left to free: it makes the collector forget the frozen objects


def _our_templates(engine) -> list[str]:
    """The names of the templates in the project's own template folders (not each library's:
    those are parsed on first use, and a worker never uses most of them)."""
    names = []
    for folder in getattr(engine, "dirs", []):
        root = Path(folder)
        names.extend(
            str(path.relative_to(root))
            for path in sorted(root.rglob("*"))
            if path.suffix in {".html", ".txt", ".ics", ".xml"} and path.is_file()
        )
    return names
