"""WhiteNoise's storage of the static files, each file's address worked out once per process.

Every page names four to six static files (``{% static %}``): the storage looks each one up in
its manifest and joins it to ``STATIC_URL``, on every page, for an answer that cannot change
while the process runs (the manifest is read when the storage is made; a test that changes the
static settings gets a new storage). So each answer is kept on the storage.
"""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class KeptAddressesStaticFiles(CompressedManifestStaticFilesStorage):
    def url(self, name, force=False):
        key = (name, force, settings.DEBUG)
        kept = self.__dict__.setdefault("_kept_urls", {})
        address = kept.get(key)
        if address is None:
            address = kept[key] = super().url(name, force)
        return address
