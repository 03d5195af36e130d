"""Printed documents: a template rendered to HTML, handed to WeasyPrint.

The renderer loads nothing from the network and no file outside our ``static/`` folder,
whatever the text in the document says (applicants' answers end up in these documents).
WeasyPrint is imported on first use: it costs each web worker about 40 MB, and most workers
never print.
"""

import functools
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string

STATIC_DIR = (Path(settings.SITE_DIR) / "static").resolve()


def is_allowed(url: str) -> bool:
    parsed = urlparse(url)
    path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
    return path is not None and path.is_relative_to(STATIC_DIR)


@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not is_allowed(url):
                raise ValueError(f"Documents may only load files from static/, not {url!r}")
            return super().fetch(url, headers)

    return StaticOnlyFetcher


def static_only_fetcher():
    return _fetcher_class()()


@dataclass(frozen=True)
class Attachment:
    """A file embedded in a PDF (its reader lists it among the document's attachments)."""

    name: str
    content: bytes
    description: str = ""


def _embedded(attachments) -> list:
    from weasyprint import Attachment as Embedded

    return [
        Embedded(string=item.content, name=item.name, description=item.description)
        for item in attachments
    ]


def render_pdf(template_name: str, context: dict, *, attachments=()) -> bytes:
    from weasyprint import HTML

    # Every document names the network that issues it (author, the letter's letterhead).
    network = {"network_name": settings.NETWORK_NAME, "network_address": settings.NETWORK_ADDRESS}
    html = render_to_string(template_name, network | context)
    document = HTML(
        string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=static_only_fetcher()
    )
    # PDF/UA: tagged structure, title shown in the window, language declared.
    return document.write_pdf(pdf_variant="pdf/ua-1", attachments=_embedded(attachments))
