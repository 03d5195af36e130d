"""The claim summary in the host's language; the agenda in the language of who downloads it."""

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from people.preferences import remember
from tests.factories import ExpenseLineFactory, UserFactory, claim_in
from tests.visits.test_claims_views import url as claim_url
from tests.visits.test_views import people, url

pytestmark = pytest.mark.django_db


def read(content: bytes) -> tuple[str, str]:
    reader = PdfReader(io.BytesIO(content))
    text = " ".join("".join(page.extract_text() for page in reader.pages).split())
    return reader.trailer["/Root"]["/Lang"], text


def test_the_claim_summary_is_in_the_hosts_language_whoever_downloads_it(client):
    claim = claim_in("draft", lines=0)
    ExpenseLineFactory(claim=claim, amount=Decimal("2500.00"), description="Interpreti")
    remember(claim.visit.application.applicant, language="it")
    client.force_login(UserFactory(roles=["coordinator"], is_staff=True))
    response = client.get(claim_url("claim_pdf", claim), HTTP_ACCEPT_LANGUAGE="en")
    language, text = read(response.content)
    assert language == "it"
    assert "2.500,00 EUR" in text and "EUR 2,500.00" not in text


def test_the_agenda_is_in_the_language_of_the_person_who_downloads_it(client, planned, labour):
    client.force_login(people(planned, labour)["expert"])
    client.cookies["django_language"] = "de"
    language, text = read(client.get(url("agenda_pdf", planned)).content)
    assert language == "de"
    assert "Dienstag, 9. März 2027" in text
