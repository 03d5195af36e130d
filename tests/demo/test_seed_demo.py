import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from pypdf import PdfReader

from applications.models import Application
from demo.content import DEMO_PASSWORD
from reviews.models import Consensus, Review
from reviews.pdf import render_decision_letter
from reviews.ranking import current_result

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
    # 2025: five; the open call: seven submitted and three drafts.
    assert first["applications.Application"] == 15 and first["visits.Visit"] == 2
    assert first["visits.Feedback"] == 1 and first["visits.LumpSumClaim"] == 1


def test_demo_accounts_log_in_with_the_demo_password(client):
    seed_demo()
    assert client.login(username="applicant@example.org", password=DEMO_PASSWORD)


def test_every_2025_application_was_scored_by_both_demo_reviewers_and_decided():
    seed_demo()
    applications = Application.objects.filter(call__slug="cities-helping-cities-2025")

    for application in applications.select_related("standing", "decision"):
        reviews = application.reviews.all()
        assert sorted(review.reviewer.email for review in reviews) == [
            "reviewer2@example.org",
            "reviewer@example.org",
        ]
        assert {review.state for review in reviews} == {Review.State.SUBMITTED}
        assert all(score.comment for review in reviews for score in review.scores.all())
        assert application.standing.reviews_in == 2 and application.standing.total
        assert application.decision.rationale
    outcomes = {a.city: (a.decision.outcome, a.decision.reserve_rank) for a in applications}
    assert outcomes == {
        "Lisbon": ("selected", None),
        "Leipzig": ("selected", None),
        "Ljubljana": ("reserve", 1),
        "Bari": ("not_selected", None),
        "Košice": ("not_selected", None),
    }


def test_where_2025_reviewers_disagreed_widely_a_consensus_counts():
    seed_demo()
    ljubljana = Application.objects.get(call__slug="cities-helping-cities-2025", city="Ljubljana")

    result = current_result(ljubljana)

    disputed = [c for c in result.criteria.values() if c.disputed]
    assert len(disputed) == 1 and disputed[0].consensus == Decimal("3.5")
    assert Consensus.objects.get(application=ljubljana).comment


def test_decision_letter_of_a_selected_city_prints_its_scores():
    seed_demo()
    lisbon = Application.objects.get(call__slug="cities-helping-cities-2025", city="Lisbon")

    text = PdfReader(io.BytesIO(render_decision_letter(lisbon))).pages[0].extract_text()

    assert "4.25 / 5" in text and "— / 5" not in text


@pytest.mark.parametrize("city", ["Ljubljana", "Bari", "Košice"])
def test_decision_letter_of_a_city_not_selected_prints_its_scores_too(city):
    seed_demo()
    application = Application.objects.get(call__slug="cities-helping-cities-2025", city=city)

    reader = PdfReader(io.BytesIO(render_decision_letter(application)))
    text = " ".join("".join(page.extract_text() for page in reader.pages).split())

    # Every criterion has a real score (in the score table, and again beside its comments).
    assert "— / 5" not in text and text.count(" / 5") >= 4
    assert application.decision.rationale in text and "Hanna Vermeulen" in text
