"""Printed documents: a template rendered to HTML, handed to WeasyPrint.

The renderer loads nothing from the network and no file outside our ``static/`` folder,
whatever the text in the document says (applicants' answers end up in these documents).
"""

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

STATIC_DIR = (Path(settings.BASE_DIR) / "static").resolve()


class StaticOnlyFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
        if path is None or not path.is_relative_to(STATIC_DIR):
            raise ValueError(f"Documents may only load files from static/, not {url!r}")
        return super().fetch(url, headers)


def render_pdf(template_name: str, context: dict) -> bytes:
    html = render_to_string(template_name, context)
    document = HTML(
        string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=StaticOnlyFetcher()
    )
    # PDF/UA: tagged structure, title shown in the window, language declared.
    return document.write_pdf(pdf_variant="pdf/ua-1")
