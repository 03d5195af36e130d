"""A 12 MB receipt is refused with a 413 before a byte of it is read."""

import html
import io

import pytest
from django.conf import settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, ClientHandler, encode_multipart
from django.urls import reverse

from tests.factories import RECEIPT_PDF, PastVisitFactory
from visits.claims.receipts import MAX_RECEIPT_BYTES
from visits.models import ExpenseLine

pytestmark = pytest.mark.django_db


class CountingInput(io.BytesIO):
    """The request body as the server hands it over, counting what Django reads of it."""

    read_bytes = 0

    def read(self, size=-1):
        data = super().read(size)
        self.read_bytes += len(data)
        return data

    def readline(self, size=-1):
        data = super().readline(size)
        self.read_bytes += len(data)
        return data


def text(response) -> str:
    return html.unescape(response.content.decode()).replace("\xa0", " ")


def post_receipt(client, visit, receipt: bytes):
    """POST an expense with ``receipt`` through the whole middleware stack; response, input."""
    category = visit.application.call.cost_categories.get(name="Dinner")
    data = {"category": category.pk, "spent_on": visit.starts_on.isoformat(),
            "description": "Dinner", "amount": "40", "receipt": io.BytesIO(receipt)}  # fmt: skip
    data["receipt"].name = "scan.pdf"
    body = encode_multipart(BOUNDARY, data)
    stream = CountingInput(body)
    environ = {
        **client._base_environ(), "REQUEST_METHOD": "POST", "CONTENT_TYPE": MULTIPART_CONTENT,
        "PATH_INFO": reverse("visits:claim_expense_new", args=[visit.pk]),
        "CONTENT_LENGTH": str(len(body)), "wsgi.input": stream,
        "HTTP_COOKIE": client.cookies.output(header="", sep=";"),
    }  # fmt: skip
    return ClientHandler(enforce_csrf_checks=False)(environ), stream


def test_a_12_mb_receipt_is_refused_before_it_is_read(client):
    visit = PastVisitFactory()
    client.force_login(visit.application.applicant)
    response, body = post_receipt(client, visit, RECEIPT_PDF + b"\0" * 12 * 2**20)
    assert response.status_code == 413
    assert body.read_bytes == 0
    page = text(response)
    assert "This file is too large" in page and "larger than 11.0 MB" in page
    assert not ExpenseLine.objects.exists()


def test_a_receipt_just_over_its_limit_is_read_and_refused_beside_its_field(client):
    visit = PastVisitFactory()
    client.force_login(visit.application.applicant)
    response, body = post_receipt(client, visit, RECEIPT_PDF + b"\0" * MAX_RECEIPT_BYTES)
    assert response.status_code == 400
    assert "a receipt can be at most 10.0 MB" in text(response)
    assert body.read_bytes == len(body.getvalue())


def test_a_small_receipt_still_arrives(client):
    visit = PastVisitFactory()
    client.force_login(visit.application.applicant)
    response, _body = post_receipt(client, visit, RECEIPT_PDF)
    assert response.status_code == 302
    assert ExpenseLine.objects.get().receipt_size == len(RECEIPT_PDF)


def test_the_request_limit_leaves_room_for_the_largest_receipt():
    assert MAX_RECEIPT_BYTES + 64 * 1024 < settings.UPLOAD_REQUEST_MAX_BYTES
