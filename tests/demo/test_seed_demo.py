import io

import pytest
from django.apps import apps
from django.core.management import call_command
from pypdf import PdfReader

from applications.models import Application
from demo.content import DEMO_PASSWORD
from reviews.models import Review
from reviews.pdf import render_decision_letter

pytestmark = pytest.mark.django_db


def seed_demo():
    with open("/dev/null", "w") as quiet:
        call_command("seed_demo", stdout=quiet)


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_seeding_the_demo_twice_creates_nothing_twice():
    seed_demo()
    first = row_counts()

    seed_demo()

    assert row_counts() == first
    assert first["applications.Application"] == 5 and first["visits.Visit"] == 2


def test_demo_accounts_log_in_with_the_demo_password(client):
    seed_demo()
    assert client.login(username="applicant@example.org", password=DEMO_PASSWORD)


def test_selected_cities_of_2025_were_scored_by_both_demo_reviewers():
    seed_demo()
    selected = Application.objects.filter(call__slug="cities-helping-cities-2025")

    for application in selected.select_related("standing", "decision"):
        reviews = application.reviews.all()
        assert sorted(review.reviewer.email for review in reviews) == [
            "reviewer2@example.org",
            "reviewer@example.org",
        ]
        assert {review.state for review in reviews} == {Review.State.SUBMITTED}
        assert all(score.comment for review in reviews for score in review.scores.all())
        assert application.standing.reviews_in == 2 and application.standing.total
        assert application.decision.outcome == "selected"
    assert sorted(selected.values_list("city", flat=True)) == ["Leipzig", "Lisbon"]


def test_decision_letter_of_a_selected_city_prints_its_scores():
    seed_demo()
    lisbon = Application.objects.get(call__slug="cities-helping-cities-2025", city="Lisbon")

    text = PdfReader(io.BytesIO(render_decision_letter(lisbon))).pages[0].extract_text()

    assert "4.25 / 5" in text and "— / 5" not in text
