"""Each static file's address is worked out once per storage, and is the manifest's."""

import json

import pytest
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage

from consolidate.static_files import KeptAddressesStaticFiles


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
