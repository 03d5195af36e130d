"""User text in PDFs is text: it never makes the renderer fetch anything."""

import io
import socketserver
import threading

import pytest
from pypdf import PdfReader

from applications.models import Application
from applications.pdf import render_receipt
from reviews.models import Decision
from reviews.pdf import render_decision_letter, render_selection_report
from tests.factories import ApplicationFactory, CallFactory, UserFactory, VisitFactory, submitted
from visits.pdf import render_agenda
from visits.programme import programme_of

pytestmark = pytest.mark.django_db


class Counter(socketserver.BaseRequestHandler):
    hits = 0

    def handle(self):
        Counter.hits += 1


@pytest.fixture
def trap():
    server = socketserver.TCPServer(("127.0.0.1", 0), Counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Counter.hits = 0
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def hostile(trap: str) -> str:
    return (
        f'<img src="http://{trap}/a.png"><link rel="stylesheet" href="http://{trap}/a.css">'
        f'<img src="file:///etc/passwd"> url(http://{trap}/b.png) @import "http://{trap}/c";'
    )


def text_of(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_no_pdf_fetches_what_user_text_points_at(trap):
    evil = hostile(trap)
    call = CallFactory(title=evil[:200])
    short = f"<img src=http://{trap}/x>"  # for fields of limited length
    names = ("officer_name", "department", "position", "phone", "expertise", "relevance",
             "challenge", "question")  # fmt: skip
    fields = {
        name: evil if Application._meta.get_field(name).max_length is None else short
        for name in names
    }
    application = submitted(ApplicationFactory(call=call, city=short, **fields), number=1)
    Decision.objects.create(application=application, call=call, outcome="selected",
                            rationale=evil, decided_by=UserFactory())  # fmt: skip
    visit = VisitFactory(application=application, stakeholders=evil, feedback_subject=evil)
    documents = [
        render_receipt(application),
        render_decision_letter(application),
        render_selection_report(call),
        render_agenda(programme_of(visit)),
    ]
    assert Counter.hits == 0
    for pdf in documents:
        assert "/etc/passwd" in text_of(pdf)  # shown as text, never loaded
