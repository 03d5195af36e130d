import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from applications.models import Application
from reviews.pdf import render_decision_letter, render_selection_report
from reviews.services import assign_reviewer, record_consensus, record_decision
from tests.factories import CallFactory, CriterionFactory, UserFactory
from tests.reviews.conftest import make_applications, review_of

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def queries_on(queries, table: str) -> int:
    return sum(f'FROM "{table}"' in query["sql"] for query in queries)


def letter_queries(call, reviewer, coordinator, criteria: int) -> list:
    for order in range(len(call.criteria.all()), criteria):
        CriterionFactory(call=call, order=order)
    (application,) = make_applications(call, 1)
    review_of(application, reviewer, [4] * criteria, actor=coordinator)
    for criterion in call.criteria.all():
        record_consensus(
            application, criterion, None, f"Agreed on {criterion.name}", actor=coordinator
        )
    record_decision(application, outcome="selected", rationale="Strong", actor=coordinator)
    # Loaded as the coordinator's and the applicant's views load it.
    application = Application.objects.select_related("call", "decision").get(pk=application.pk)
    with CaptureQueriesContext(connection) as captured:
        letter = pdf_text(render_decision_letter(application))
    for criterion in call.criteria.all():
        assert f"Agreed on {criterion.name}" in letter
    return captured.captured_queries


def test_decision_letter_queries_do_not_grow_with_criteria(call, reviewer, coordinator):
    few = letter_queries(call, reviewer, coordinator, 2)
    many = letter_queries(CallFactory(), reviewer, coordinator, 6)

    assert len(many) == len(few)
    assert queries_on(many, "reviews_consensus") == queries_on(few, "reviews_consensus") <= 2
    assert queries_on(many, "calls_criterion") == 1


def test_selection_report_names_reviewers_by_code_with_a_legend(call, reviewer, coordinator):
    first, second = make_applications(call, 2)
    late = UserFactory(roles=["reviewer"], is_staff=True, first_name="Lena", last_name="Late")
    review_of(first, reviewer, [5, 4.5], actor=coordinator)
    assign_reviewer(first, late, actor=coordinator)
    review_of(second, reviewer, [2, 2], actor=coordinator)
    record_decision(first, outcome="selected", rationale="Clear and concrete", actor=coordinator)
    record_decision(second, outcome="not_selected", rationale="Too vague", actor=coordinator)
    codes = {
        user.pk: f"R{n}"
        for n, user in enumerate(sorted([reviewer, late], key=lambda u: u.email.lower()), 1)
    }

    report = pdf_text(render_selection_report(call))

    for fact in [reviewer.email, late.email, "Lena Late", first.reference, second.reference,
                 "Clear and concrete", "Too vague", coordinator.email]:  # fmt: skip
        assert fact in report, fact
    assert f"1 / 2: {codes[reviewer.pk]}, {codes[late.pk]} (not started)" in report
    assert report.index("Clear and concrete") < report.index("Too vague")


def report_queries(call, reviewer, coordinator, count: int) -> list:
    for order in range(len(call.criteria.all()), 2):
        CriterionFactory(call=call, order=order)
    for application in make_applications(call, count):
        review_of(application, reviewer, [3, 3], actor=coordinator)
        record_decision(application, outcome="not_selected", rationale="Fine", actor=coordinator)
    with CaptureQueriesContext(connection) as captured:
        render_selection_report(call)
    return captured.captured_queries


def test_selection_report_queries_do_not_grow_with_applications(call, reviewer, coordinator):
    one = report_queries(call, reviewer, coordinator, 1)
    many = report_queries(
        CallFactory(places=2, reviewers_per_application=2), reviewer, coordinator, 12
    )

    assert len(many) == len(one)


def test_decision_letter_has_a_letterhead_a_signature_and_page_numbers(call, reviewer, settings):
    settings.NETWORK_NAME = "Network of Test Cities"
    settings.NETWORK_ADDRESS = "Square 1, 1000 Brussels"
    coordinator = UserFactory(
        roles=["coordinator"], is_staff=True, first_name="Carla", last_name="Coordina"
    )
    (application,) = make_applications(call, 1)
    review_of(application, reviewer, [4, 4], actor=coordinator)
    record_decision(application, outcome="selected", rationale="Strong", actor=coordinator)
    application = Application.objects.select_related("call", "decision").get(pk=application.pk)

    letter = pdf_text(render_decision_letter(application))

    assert letter.index("Network of Test Cities") < letter.index("Square 1, 1000 Brussels")
    assert "Carla Coordina\nCoordinator" in letter
    pages = len(PdfReader(io.BytesIO(render_decision_letter(application))).pages)
    assert f"Page 1 / {pages}" in letter and f"Page {pages} / {pages}" in letter
