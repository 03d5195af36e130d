"""What the load tool cannot see: SQL queries per request, the reminder scan, the report render.

    python -m benchmarks.probe queries MANIFEST OUT
    python -m benchmarks.probe reminders MANIFEST OUT
    python -m benchmarks.probe report MANIFEST OUT

Runs inside Django with the benchmark's environment (same database, same settings as the
gunicorn workers). Queries are counted on the second request to each page, so that one-off
work of a fresh process (content types, permissions cache) is not counted.
"""

import io
import json
import os
import re
import resource
import sys
import time
from collections import Counter

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consolidate.settings")
django.setup()

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from applications.models import Application
from benchmarks.pages import key_pages
from calls.models import Call
from notifications.reminders import send_due_reminders
from reviews.models import SelectionReport
from reviews.pdf import render_selection_report
from reviews.services import request_selection_report
from reviews.tasks import prepare_selection_report


def shape(sql: str) -> str:
    """The statement with its values taken out, so that repeats of one query group together."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    return re.sub(r"IN \([?, ]+\)", "IN (...)", sql)


def count(path: str, session: str | None) -> dict:
    client = Client(HTTP_HOST="127.0.0.1")
    if session:
        client.cookies["sessionid"] = session
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    repeats = Counter(shape(query["sql"]) for query in queries.captured_queries)
    return {
        "status": response.status_code,
        "queries": len(queries.captured_queries),
        "repeated": [
            {"times": times, "sql": sql[:300]} for sql, times in repeats.most_common(3) if times > 1
        ],
    }


def queries(manifest: dict) -> dict:
    result = {}
    for page in key_pages(manifest):
        session = manifest["sessions"].get(page.role) if page.role else None
        result[page.key] = count(page.path, session)
        if page.twin:
            result[page.key]["twin"] = count(page.twin, session)
    return result


def reminders(manifest: dict) -> dict:
    drafts = Application.objects.filter(call__slug="bench-reminders", state="draft")
    total = drafts.count()
    few = max(10, total // 100)
    # The same scan over 1 % of the drafts, rolled back: its query count must be the same.
    with transaction.atomic():
        keep = list(drafts.order_by("pk").values_list("pk", flat=True)[:few])
        drafts.exclude(pk__in=keep).update(state=Application.State.WITHDRAWN)
        with CaptureQueriesContext(connection) as small:
            small_sent = send_due_reminders()
        transaction.set_rollback(True)
    started = time.perf_counter()
    with transaction.atomic():
        with CaptureQueriesContext(connection) as large:
            sent = send_due_reminders()
        scanned = time.perf_counter()
    finished = time.perf_counter()  # after the commit and the hand-off to the broker
    return {
        "drafts_due": total,
        "sent": sent,
        "seconds": round(finished - started, 2),
        "scan_seconds": round(scanned - started, 2),
        "handoff_seconds": round(finished - scanned, 2),
        "queries": len(large.captured_queries),
        "queries_with_1_percent": len(small.captured_queries),
        "sent_with_1_percent": small_sent,
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def report(manifest: dict) -> dict:
    """The selection report of the 1,000-application call, rendered here as the Celery worker
    renders it: the task once (render and store; its file is what the download page then
    serves), then the render alone once more. The better of the two is the figure."""
    call = Call.objects.get(pk=manifest["small"]["id"])
    coordinator = get_user_model().objects.get(email="coordinator@bench.example.org")
    # As the view asks for it; the hand-off goes to the in-memory broker, which no worker reads.
    requested = request_selection_report(call, actor=coordinator)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        prepare_selection_report(requested.pk)
    task_seconds = time.perf_counter() - started
    stored = SelectionReport.objects.get(pk=requested.pk)
    if stored.state != SelectionReport.State.READY:
        sys.exit(f"The selection report failed: {stored.error}")
    started = time.perf_counter()
    render_selection_report(Call.objects.prefetch_related("contacts").get(pk=call.pk))
    render_seconds = time.perf_counter() - started
    return {
        "report_id": stored.pk,
        "applications": manifest["small"]["applications"],
        "seconds": round(min(task_seconds, render_seconds), 2),
        "task_seconds": round(task_seconds, 2),
        "render_seconds": round(render_seconds, 2),
        "queries": len(queries.captured_queries),
        "kilobytes": round(stored.file.size / 1024),
        **report_shape(stored),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def report_shape(stored: SelectionReport) -> dict:
    """Pages printed and lines of the attached full ranking (CSV), if the report has one."""
    with stored.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    attached = {name: len(data[0].splitlines()) - 1 for name, data in reader.attachments.items()}
    return {"pages": len(reader.pages), "attached_rows": attached}


def main() -> None:
    what, manifest_path, out = sys.argv[1:4]
    with open(manifest_path) as source:
        manifest = json.load(source)
    result = {"queries": queries, "reminders": reminders, "report": report}[what](manifest)
    with open(out, "w") as target:
        json.dump(result, target, indent=2)


if __name__ == "__main__":
    main()
