"""WeasyPrint in a child process: the web and Celery workers never hold its memory.

WeasyPrint costs a process about 30 MB on import, and its caches and the layout of a letter
grow it by 20 to 50 MB more, which the process keeps (glibc's heap rarely shrinks). So a
worker hands the HTML it rendered to a fresh child process and gets the PDF's bytes back; the
child exits after its batch, and its memory goes with it.

The children are forked from a *fork server* (``multiprocessing``'s ``forkserver``): a small
process started once per worker, on its first document, that imports WeasyPrint and renders
one tiny document to warm its font and stylesheet caches. Forking from it costs a few
milliseconds; a child starts with WeasyPrint ready instead of importing it again.

This module is imported by the fork server and its children: it imports nothing from Django.
"""

import contextlib
import multiprocessing
import os
import traceback
from dataclasses import dataclass
from multiprocessing.process import AuthenticationString
from pathlib import Path
from urllib.parse import unquote, urlparse

# Printed by the fork server when it starts, with our stylesheet and its fonts, so that each
# child inherits warm caches (fonts, cffi types, the default stylesheet): a fresh process's
# first document otherwise costs about a second more than its second.
WARM_UP = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Warm</title>
<link rel="stylesheet" href="pdf/document.css"></head><body class="letter">
<p class="page-word">Page</p><div class="letterhead"><p class="network">Network</p>
<p class="address">Address</p></div><div class="addresses"><p>To</p><p>From</p></div>
<h1>Title — é ü ß ç ñ</h1><h2>Section</h2><p>Text with <strong>bold</strong>, <em>italic</em>
and a <a href="#x">link</a>.</p><dl class="answers"><dt class="short">City</dt>
<dd class="short">Ghent</dd><dt>Answer</dt><dd><p>Paragraph</p><ul><li>One</li></ul></dd></dl>
<table><thead><tr><th scope="col">A</th><th scope="col">B</th></tr></thead>
<tbody><tr><td>1.50</td><td>Two</td></tr></tbody></table>
<div class="signature"><p class="closing">Regards</p><p>Name</p></div></body></html>"""
# Where the fork server finds our static files for the warm-up (set by the first caller).
STATIC_ENV = "CONSOLIDATE_PRINTING_STATIC"


@dataclass(frozen=True)
class Job:
    """One document to print: its HTML, and files to embed in the PDF as attachments."""

    html: str
    base_url: str
    static_dir: str
    attachments: tuple = ()  # (name, bytes, description)


class PrintingFailed(RuntimeError):
    """The child could not print a document; the message carries its traceback."""


def is_allowed(url: str, static_dir: Path) -> bool:
    parsed = urlparse(url)
    path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
    return path is not None and path.is_relative_to(static_dir)


def _fetcher(static_dir: Path):
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not is_allowed(url, static_dir):
                raise ValueError(f"Documents may only load files from static/, not {url!r}")
            return super().fetch(url, headers)

    return StaticOnlyFetcher()


def write(job: Job) -> bytes:
    """The PDF of one job, in this process (the child's work, and the tests' fallback)."""
    from weasyprint import HTML, Attachment

    attachments = [
        Attachment(string=content, name=name, description=description)
        for name, content, description in job.attachments
    ]
    static_dir = Path(job.static_dir)
    document = HTML(string=job.html, base_url=job.base_url, url_fetcher=_fetcher(static_dir))
    # PDF/UA: tagged structure, title shown in the window, language declared.
    return document.write_pdf(pdf_variant="pdf/ua-1", attachments=attachments)


def peak_rss_mb() -> float:
    """This process's largest resident set so far (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _child(jobs: list[Job], connection) -> None:
    try:
        pdfs = [write(job) for job in jobs]
        connection.send(("ok", (pdfs, peak_rss_mb())))
    except BaseException:  # noqa: BLE001 - whatever fails is reported to the parent
        connection.send(("failed", traceback.format_exc()))
    finally:
        connection.close()


def warm_up() -> None:
    """Import WeasyPrint and print a short document like ours (the fork server does this once)."""
    static_dir = os.environ.get(STATIC_ENV, "")
    base_url = Path(static_dir).resolve().as_uri() + "/" if static_dir else None
    write(Job(html=WARM_UP, base_url=base_url, static_dir=static_dir or "/nonexistent"))


_context = None
# The largest resident set of the last printing child, in MB (read by the benchmarks).
last_child_peak_mb = 0.0


def _fork_server(static_dir: str):
    global _context
    if _context is None:
        os.environ.setdefault(STATIC_ENV, static_dir)
        _context = multiprocessing.get_context("forkserver")
        # "__main__" first: the server imports the program's main module once (gunicorn's,
        # celery's, manage.py), so that each child need not run it again.
        _context.set_forkserver_preload(["__main__", "consolidate.printing_warm"])
    return _context


@contextlib.contextmanager
def _allowing_children():
    """A Celery worker's pool process is daemonic, and multiprocessing refuses children to a
    daemonic process (they could outlive it). Ours cannot: it is joined before we return and
    is itself daemonic. So the flag is lifted while it starts; and the process's key, which
    under Celery is billiard's and refuses multiprocessing's pickler, is given as plain one."""
    current = multiprocessing.current_process()
    saved = dict(current._config)
    current._config["daemon"] = False
    current._config["authkey"] = AuthenticationString(bytes(current.authkey))
    try:
        yield
    finally:
        current._config.clear()
        current._config.update(saved)


def print_batch(jobs: list[Job]) -> list[bytes]:
    """Every job's PDF, printed by one fresh child process that exits afterwards."""
    context = _fork_server(jobs[0].static_dir if jobs else "")
    receiving, sending = context.Pipe(duplex=False)
    with _allowing_children():
        child = context.Process(target=_child, args=(jobs, sending), daemon=True)
        child.start()
    sending.close()
    try:
        status, payload = receiving.recv()
    except EOFError as error:
        raise PrintingFailed(f"The printing process ended without an answer: {error}") from error
    finally:
        receiving.close()
        child.join()
    if status != "ok":
        raise PrintingFailed(payload)
    pdfs, peak = payload
    global last_child_peak_mb
    last_child_peak_mb = peak
    return pdfs
