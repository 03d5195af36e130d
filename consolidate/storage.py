"""Where uploaded files live: this host's disk, or S3-compatible object storage when asked.

Local by default (``MEDIA_ROOT``). With ``STORAGE_URL`` (``s3://bucket?endpoint_url=...&region=...``)
or the usual ``AWS_STORAGE_BUCKET_NAME`` and friends, every upload goes to a bucket through
django-storages, so that several web hosts and workers see the same files. Either way the files
are private: the objects are written with a private ACL, and no page links to them; only our
views, which check who asks, stream them (``storage.open()``, never a path on disk).

Two storages: ``default`` (selection reports and any other file) and ``receipts`` (the lump-sum
receipts, in their own folder, with no address at all).
"""

import os
from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

S3_BACKEND = "storages.backends.s3.S3Storage"
# The query parameters STORAGE_URL understands, and the django-storages option each sets.
URL_PARAMETERS = {
    "endpoint_url": "endpoint_url",
    "region": "region_name",
    "region_name": "region_name",
    "location": "location",
    "addressing_style": "addressing_style",
}


def s3_options(environ) -> dict | None:
    """django-storages' S3 options from the environment; None when no bucket is configured."""
    if environ.get("STORAGE_URL"):
        options = options_from_url(environ["STORAGE_URL"])
    elif environ.get("AWS_STORAGE_BUCKET_NAME"):
        options = {
            "bucket_name": environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": environ.get("AWS_S3_REGION_NAME") or None,
        }
    else:
        return None
    options.setdefault("access_key", environ.get("AWS_ACCESS_KEY_ID") or None)
    options.setdefault("secret_key", environ.get("AWS_SECRET_ACCESS_KEY") or None)
    # S3-compatible servers (MinIO, Ceph, moto) answer at one host name: bucket in the path.
    if options.get("endpoint_url"):
        options.setdefault("addressing_style", "path")
    return {
        **{key: value for key, value in options.items() if value is not None},
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }


def options_from_url(url: str) -> dict:
    """``s3://[key:secret@]bucket?endpoint_url=...&region=...&location=...``"""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.hostname:
        raise ValueError(f"STORAGE_URL must look like s3://bucket?endpoint_url=...: {url!r}")
    options = {"bucket_name": parts.hostname}
    if parts.username:
        options["access_key"] = unquote(parts.username)
        options["secret_key"] = unquote(parts.password or "")
    for name, values in parse_qs(parts.query).items():
        if name not in URL_PARAMETERS:
            raise ValueError(f"STORAGE_URL: unknown parameter {name!r}")
        options[URL_PARAMETERS[name]] = values[-1]
    return options


def file_storages(environ=os.environ) -> dict:
    """The ``default`` and ``receipts`` entries of the STORAGES setting."""
    options = s3_options(environ)
    if options is None:
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "receipts": {
                "BACKEND": "consolidate.storage.PrivateFolder",
                "OPTIONS": {"folder": "receipts"},
            },
        }
    prefix = options.get("location", "").strip("/")
    receipts = f"{prefix}/receipts" if prefix else "receipts"
    return {
        "default": {"BACKEND": S3_BACKEND, "OPTIONS": options},
        "receipts": {
            "BACKEND": "consolidate.private_s3.PrivateS3Storage",
            "OPTIONS": {**options, "location": receipts},
        },
    }


@deconstructible(path="consolidate.storage.PrivateFolder")
class PrivateFolder(FileSystemStorage):
    """Files in a folder of ``MEDIA_ROOT`` that no URL serves (following the setting when
    tests change it): only a view that checks who asks streams them."""

    def __init__(self, folder: str = "", **kwargs):
        self.folder = folder
        super().__init__(**kwargs)

    @cached_property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, self.folder)

    def url(self, name):
        raise ValueError("These files have no public address: a view checks who asks for them.")
