"""Each static file's address is worked out once per storage, and is the manifest's."""

import json

import pytest
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.template import Context, Engine, Template
from django.templatetags.static import StaticNode

from consolidate.static_files import KeptAddressesStaticFiles
from consolidate.templatetags.kept_static import KeptStaticNode


def test_each_address_is_the_manifests_and_is_looked_up_once(tmp_path, settings, monkeypatch):
    settings.DEBUG = False
    manifest = {"paths": {"css/site.css": "css/site.0123abcd.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    storage = KeptAddressesStaticFiles(location=tmp_path, base_url="/static/")
    looked_up = []
    stored_name = ManifestStaticFilesStorage.stored_name

    def counted(self, name):
        looked_up.append(name)
        return stored_name(self, name)

    monkeypatch.setattr(ManifestStaticFilesStorage, "stored_name", counted)
    assert [storage.url("css/site.css") for _ in range(3)] == ["/static/css/site.0123abcd.css"] * 3
    assert looked_up == ["css/site.css"]
    # A file the manifest does not know is still refused, each time.
    for _ in range(2):
        with pytest.raises(ValueError):
            storage.url("css/missing.css")
    assert looked_up == ["css/site.css", "css/missing.css", "css/missing.css"]


STATIC = "{% load static %}{% static 'css/site.css' %}|{% static path %}|{% static 'a b&c.css' %}"
STATIC += "|{% static 'img/x.svg' as logo %}{{ logo }}|{% get_static_prefix %}"


def test_the_static_tag_writes_what_djangos_writes_and_forgets_on_a_setting_change(settings):
    """{% load static %} is ours (kept_static): a fixed path's address is kept; a variable's
    is asked each time; the other tags of the library are Django's."""
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # fmt: skip
    settings.STATIC_URL = "/static/"
    ours = Template(STATIC)
    assert any(isinstance(node, KeptStaticNode) for node in ours.nodelist)
    djangos = Engine(libraries={"static": "django.templatetags.static"}).from_string(STATIC)
    assert not any(isinstance(node, KeptStaticNode) for node in djangos.nodelist)
    assert any(isinstance(node, StaticNode) for node in djangos.nodelist)
    for path in ("js/one.js", "js/two.js"):
        context = {"path": path}
        assert ours.render(Context(context)) == djangos.render(Context(context))
    assert ours.render(Context({"path": "x"})).startswith("/static/css/site.css|/static/x|")
    settings.STATIC_URL = "/assets/"
    assert ours.render(Context({"path": "x"})).startswith("/assets/css/site.css|/assets/x|")
