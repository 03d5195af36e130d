"""Printed documents: a template rendered to HTML here, printed to PDF by WeasyPrint in a child
process (``printing``), so that no web or Celery worker carries WeasyPrint's memory.

The renderer loads nothing from the network and no file outside our ``static/`` folder,
whatever the text in the document says (applicants' answers end up in these documents).
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from . import printing

STATIC_DIR = (Path(settings.SITE_DIR) / "static").resolve()


def is_allowed(url: str) -> bool:
    return printing.is_allowed(url, STATIC_DIR)


def static_only_fetcher():
    return printing._fetcher(STATIC_DIR)


@dataclass(frozen=True)
class Attachment:
    """A file embedded in a PDF (its reader lists it among the document's attachments)."""

    name: str
    content: bytes
    description: str = ""


def job(template_name: str, context: dict, attachments=()) -> printing.Job:
    """The document's HTML, rendered now (in the active language), ready to print."""
    # Every document names the network that issues it (author, the letter's letterhead).
    network = {"network_name": settings.NETWORK_NAME, "network_address": settings.NETWORK_ADDRESS}
    return printing.Job(
        html=render_to_string(template_name, network | context),
        base_url=STATIC_DIR.as_uri() + "/",
        static_dir=str(STATIC_DIR),
        attachments=tuple((item.name, item.content, item.description) for item in attachments),
    )


def render_pdf(template_name: str, context: dict, *, attachments=()) -> bytes:
    """One document's PDF (PDF/UA), printed in a fresh child process."""
    return printing.print_batch([job(template_name, context, attachments)])[0]


def render_pdfs(documents) -> list[bytes]:
    """The PDFs of several documents, printed by one child process: each a ``(template_name,
    context)`` pair, or a ``job`` already rendered (in its reader's language, say)."""
    jobs = [item if isinstance(item, printing.Job) else job(*item) for item in documents]
    return printing.print_batch(jobs)
