"""One result per application: the decision, the letter and the ranking read the same standing."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from applications.models import Application
from reviews.models import Score
from reviews.pdf import render_decision_letter
from reviews.ranking import ranking_page
from reviews.services import record_decision
from tests.reviews.conftest import make_applications, review_of

pytestmark = pytest.mark.django_db


def letter_total(application) -> str:
    application = Application.objects.select_related("call", "decision").get(pk=application.pk)
    content = render_decision_letter(application)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return text.split("Weighted total:")[1].split()[0]


def ranking_total(call, application) -> Decimal:
    _criteria, _page, rows = ranking_page(call, 1)
    return next(row.result.total for row in rows if row.application.pk == application.pk)


def decide_page_total(client, application) -> str:
    page = client.get(reverse("admin:reviews_decide", args=[application.pk])).content.decode()
    return page.split("Weighted total:")[1].split("<strong>")[1].split("</strong>")[0]


def test_decision_letter_and_ranking_report_the_same_total(client, call, reviewer, coordinator):
    (application,) = make_applications(call, 1)
    review_of(application, reviewer, [4, 4.5], actor=coordinator)
    # The call's weights change after scoring: every reader sees the recomputed standing.
    criterion = call.criteria.first()
    criterion.weight = Decimal("2")
    criterion.save()
    client.force_login(coordinator)
    assert decide_page_total(client, application) == "12.50"
    record_decision(application, outcome="selected", rationale="Strong", actor=coordinator)
    assert ranking_total(call, application) == Decimal("12.50")
    assert letter_total(application) == "12.50"


def test_a_score_changed_behind_the_services_back_changes_no_reader(call, reviewer, coordinator):
    (application,) = make_applications(call, 1)
    review_of(application, reviewer, [1, 1], actor=coordinator)
    before = ranking_total(call, application)
    Score.objects.filter(review__application=application).update(value=Decimal("5"))
    record_decision(application, outcome="not_selected", rationale="Weak", actor=coordinator)
    assert ranking_total(call, application) == before == Decimal(letter_total(application))
