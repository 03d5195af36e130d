"""Decision letters in the applicant's language; the selection report in its coordinator's."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from notifications.models import Email
from people.preferences import remember
from reviews.models import SelectionReport
from reviews.services import record_decision, release_decisions, request_selection_report
from reviews.tasks import prepare_selection_report
from tests.reviews.conftest import close, make_applications, review_of

pytestmark = pytest.mark.django_db


def read(content: bytes) -> tuple[str, str]:
    """The PDF's declared language and its text on one line."""
    reader = PdfReader(io.BytesIO(content))
    text = " ".join("".join(page.extract_text() for page in reader.pages).split())
    return reader.trailer["/Root"]["/Lang"], text


@pytest.fixture
def spanish_selection(call, reviewer, coordinator, django_capture_on_commit_callbacks):
    (application,) = make_applications(call, 1)
    remember(application.applicant, language="es")
    review_of(application, reviewer, [4, 3], actor=coordinator)
    record_decision(application, outcome="selected", rationale="Concreta", actor=coordinator)
    close(call)
    with django_capture_on_commit_callbacks(execute=True):
        release_decisions(call, actor=coordinator)
    return application


def test_a_spanish_applicant_reads_their_decision_letter_in_spanish(client, spanish_selection):
    client.force_login(spanish_selection.applicant)
    response = client.get(reverse("reviews:letter", args=[spanish_selection.call.slug]))
    language, text = read(response.content)
    assert language == "es"
    assert "3.400,00 EUR" in text  # the lump sum, as Spanish administrations write it
    assert "enero de 2027" in text and "junio de 2027" in text  # the visit window
    assert "4,00 / 5" in text


def test_the_coordinator_downloads_the_letter_in_the_applicants_language(
    client, coordinator, spanish_selection
):
    client.force_login(coordinator)
    url = reverse("admin:reviews_letter", args=[spanish_selection.pk])
    language, text = read(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content)
    assert language == "es" and "enero de 2027" in text


def test_the_decision_email_is_in_spanish_too(spanish_selection):
    email = Email.objects.get(kind="decision", recipient=spanish_selection.applicant.email)
    assert email.language == "es"
    assert "?lang=es" in mail.outbox[-1].body


def test_the_report_is_made_by_the_worker_in_the_language_it_was_asked_in(
    call, reviewer, coordinator, django_capture_on_commit_callbacks
):
    (application,) = make_applications(call, 1)
    review_of(application, reviewer, [4, 3], actor=coordinator)
    with translation.override("it"), django_capture_on_commit_callbacks(execute=False):
        report = request_selection_report(call, actor=coordinator)
    assert report.language == "it"
    with translation.override("en"):  # the worker's own language does not count
        prepare_selection_report(report.pk)
    report = SelectionReport.objects.get(pk=report.pk)
    language, text = read(report.file.read())
    assert language == "it"
    assert "4,00" in text and "4.00" not in text  # Italian decimals in the ranking


def test_the_report_page_asks_in_the_coordinators_page_language(
    client, call, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    client.cookies["django_language"] = "de"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:reviews_selection_reports", args=[call.pk]))
    report = SelectionReport.objects.get(call=call)
    assert report.language == "de"
    assert read(report.file.read())[0] == "de"
