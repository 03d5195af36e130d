"""Receipt files: what we accept, where they are kept and under which name they leave.

A receipt is accepted when its first bytes are those of a PDF, a JPEG or a PNG, whatever its
name says, and when it is at most ``MAX_RECEIPT_BYTES``. It is stored under a random name in the
``receipts`` storage (``MEDIA_ROOT/receipts/``, or a folder of the bucket), which no URL serves:
only the claim's receipt view streams it, to the host and the coordinators.
"""

import os
import uuid

from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import filesizeformat
from django.utils.functional import LazyObject, empty
from django.utils.text import slugify
from django.utils.translation import gettext as _

MAX_RECEIPT_BYTES = 10 * 1024 * 1024

# content type: (first bytes, file extension)
SIGNATURES = {
    "application/pdf": (b"%PDF-", "pdf"),
    "image/jpeg": (b"\xff\xd8\xff", "jpg"),
    "image/png": (b"\x89PNG\r\n\x1a\n", "png"),
}
CONTENT_TYPES = list(SIGNATURES)


class ReceiptStorage(LazyObject):
    """The ``receipts`` storage of the STORAGES setting (consolidate/storage.py): a folder of
    MEDIA_ROOT, or of the bucket. Looked up when first used, and again when a test changes
    STORAGES, as Django's ``default_storage`` is."""

    def _setup(self):
        self._wrapped = storages["receipts"]


_storage = ReceiptStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs) -> None:
    if setting == "STORAGES":
        _storage._wrapped = empty


def receipt_storage() -> Storage:
    return _storage


def receipt_file_name(line, filename: str) -> str:
    """Our name for the stored file: random, with the extension of what the file really is."""
    return f"{uuid.uuid4().hex}.{SIGNATURES[line.receipt_type][1]}"


def sniff(upload) -> str | None:
    """The content type the file's first bytes show, if it is one we accept."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    return next(
        (kind for kind, (magic, _ext) in SIGNATURES.items() if head.startswith(magic)), None
    )


def receipt_problem(upload) -> str:
    """Why ``upload`` cannot be a receipt; empty when it can."""
    if upload is None:
        return _("Please attach the receipt (PDF, JPEG or PNG).")
    if upload.size > MAX_RECEIPT_BYTES:
        return _("This file is %(size)s; a receipt can be at most %(limit)s.") % {
            "size": filesizeformat(upload.size),
            "limit": filesizeformat(MAX_RECEIPT_BYTES),
        }
    if not upload.size:
        return _("This file is empty.")
    if sniff(upload) is None:
        return _(
            "This file is not a PDF, JPEG or PNG, whatever its name says. Please scan or "
            "photograph the receipt, or save it as a PDF."
        )
    return ""


def download_name(line) -> str:
    """The file name a receipt is downloaded under: its line, and the name it came with."""
    stem = slugify(os.path.splitext(line.receipt_name)[0])[:60]
    extension = SIGNATURES[line.receipt_type][1]
    return f"receipt-{line.pk}{'-' + stem if stem else ''}.{extension}"
