"""A gunicorn worker is forked from a master that has already done its first request's work."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Run in a process of its own, as gunicorn's master imports the application: what did importing
# consolidate.wsgi leave behind?
PROBE = """
import json, sys, gc
import consolidate.wsgi

class Node:
    def __init__(self):
        self.me = self  # a reference cycle, as a form and its bound fields make

def full_collections_while_serving():
    # 300 requests, each leaving 1,000 objects in cycles once it has answered.
    before = gc.get_stats()[2]["collections"]
    for request in range(300):
        held = [Node() for _ in range(1000)]
        del held
    return gc.get_stats()[2]["collections"] - before

from django.db import connections
from django.template import engines
from django.urls import get_resolver
from django.utils.translation import trans_real
loader = engines["django"].engine.template_loaders[0]
print(json.dumps({
    "connections": [alias for alias in connections if connections[alias].connection is not None],
    "views_imported": "applications.views" in sys.modules and "visits.views" in sys.modules,
    "resolver_populated": get_resolver()._populated,
    "templates": sorted(loader.get_template_cache),
    "catalogues": sorted(trans_real._translations),
    "frozen": gc.get_freeze_count() > 0,
    "full_collections": full_collections_while_serving(),
}))
"""


def test_the_master_imports_views_parses_templates_loads_catalogues_and_connects_nowhere():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "consolidate.settings"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    state = json.loads(done.stdout.strip().splitlines()[-1])
    assert state["connections"] == []
    assert state["views_imported"]
    assert state["resolver_populated"]
    for name in ["base.html", "applications/form.html", "applications/mine.html", "404.html"]:
        assert name in state["templates"]
    assert {"en", "fr", "de", "es", "it"} <= set(state["catalogues"])
    assert state["frozen"]
    # The frozen objects do not delay the collector: a page's garbage cycles are freed every
    # few dozen requests (before the collection that follows gc.freeze, none was in 300).
    assert state["full_collections"] >= 2
