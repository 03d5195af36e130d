"""The dashboard's figures are the counts one would make from the rows themselves."""

from decimal import Decimal

import pytest
from django.utils import timezone

from applications.models import Application
from dashboards.figures import call_figures
from dashboards.funnel import funnel_table
from reviews.models import Decision, Review
from reviews.services import record_consensus
from visits.models import LumpSumClaim

pytestmark = pytest.mark.django_db


def figures_of(seeded):
    return call_figures(seeded.call, today=timezone.localdate())


def test_application_counts_equal_the_rows(seeded):
    figures = figures_of(seeded)
    rows = Application.objects.filter(call=seeded.call)
    for state in ("draft", "submitted", "withdrawn"):
        assert figures.applications(state) == rows.filter(state=state).count()
    assert figures.applications("draft") == 2
    assert figures.applications("submitted") == 4
    assert sum(figures.started.values()) == rows.count()
    assert sum(figures.submitted.values()) == rows.filter(state="submitted").count()


def test_each_reviewers_submitted_reviews_equal_the_rows(seeded):
    figures = figures_of(seeded)
    progress = {one.reviewer_id: one for one in figures.reviewers}
    for reviewer in seeded.reviewers:
        rows = Review.objects.filter(reviewer=reviewer, application__call=seeded.call)
        assert progress[reviewer.pk].submitted == rows.filter(state="submitted").count()
        assert progress[reviewer.pk].assigned == rows.count()
    assert progress[seeded.reviewers[1].pk].missing == 1  # left their last review unsubmitted


def test_decisions_equal_the_rows(seeded):
    figures = figures_of(seeded)
    rows = Decision.objects.filter(call=seeded.call)
    for outcome in ("selected", "reserve", "not_selected"):
        assert figures.decisions.get(outcome, 0) == rows.filter(outcome=outcome).count()
    assert sum(figures.decisions.values()) == 3


def test_claim_totals_equal_the_rows(seeded):
    totals = figures_of(seeded).claim_totals
    claims = list(LumpSumClaim.objects.filter(visit__application__call=seeded.call))
    asked = [claim.totals().reimbursable for claim in claims if claim.state != "draft"]
    assert totals.claims == len(claims) == 2
    assert totals.requested == sum(asked, Decimal("0")) == Decimal("480.00")
    assert totals.approved == sum((c.approved_amount or 0 for c in claims), Decimal("0"))
    assert totals.paid == sum((c.paid_amount or 0 for c in claims), Decimal("0"))
    assert totals.paid == Decimal("240.00")


def test_requested_is_capped_at_the_lump_sum(seeded):
    claim = seeded.claims[1]  # submitted, two lines of EUR 120
    LumpSumClaim.objects.filter(pk=claim.pk).update(cap=Decimal("100.00"))
    assert figures_of(seeded).claim_totals.requested == Decimal("340.00")  # 240 + 100


def test_spreads_count_applications_scored_twice(seeded):
    spreads = figures_of(seeded).spreads
    # Reviewers gave 4 and 1 on the first criterion: a spread of 3, above the flag of 2.
    assert [(one.spread, one.needs_consensus, one.applications) for one in spreads] == [
        (Decimal("3.0"), True, 3)
    ]


def test_funnel_table_holds_every_stage(seeded):
    table = funnel_table(figures_of(seeded))
    stages = {row[0].value for row in table.rows}
    assert stages == {"Applications", "Reviews", "Decisions", "Visits", "Lump-sum claims"}
    paid = next(row for row in table.rows if row[1].value == "Amount paid")
    assert paid[2].value == Decimal("240.00")
    assert paid[2].text == "EUR 240.00"


def test_a_consensus_settles_an_applications_spread(seeded):
    criterion = seeded.call.criteria.order_by("order").first()
    record_consensus(seeded.applications[0], criterion, Decimal("3"), "Agreed.",
                     actor=seeded.coordinator)  # fmt: skip
    spreads = figures_of(seeded).spreads
    assert {(one.needs_consensus, one.applications) for one in spreads} == {(True, 2), (False, 1)}
