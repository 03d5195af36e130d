import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from calls.models import Call
from reviews.models import Review, SelectionReport
from reviews.services import (
    assign_reviewer,
    declare_conflict,
    produce_selection_report,
    record_consensus,
    save_scores,
)
from tests.browser.a11y import assert_accessible
from tests.browser.session import log_in
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    UserFactory,
    submitted,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CITIES = ["Antwerp", "Bruges", "Charleroi"]


def pdf_text(download) -> str:
    with open(download.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "".join(pdf_page.extract_text() for pdf_page in reader.pages)


def test_reviewer_scores_coordinator_decides_and_applicant_reads_the_outcome(page):
    call = CallFactory(title="Peer support call", places=2, reviewers_per_application=1)
    relevance = CriterionFactory(call=call, name="Relevance", order=1)
    feasibility = CriterionFactory(call=call, name="Feasibility", order=2)
    for criterion in (relevance, feasibility):
        criterion.levels.create(score=Decimal("0"), description="Not addressed")
        criterion.levels.create(score=Decimal("5"), description="Fully convincing")
    applications = [
        submitted(
            ApplicationFactory(
                call=call, city=city, applicant=UserFactory(roles=["applicant"], verified=True)
            ),
            number=number,
        )
        for number, city in enumerate(CITIES, start=1)
    ]
    reviewer = UserFactory(roles=["reviewer"], is_staff=True)
    coordinator = UserFactory(roles=["coordinator"], is_staff=True)
    reviews = [
        assign_reviewer(application, reviewer, actor=coordinator) for application in applications
    ]

    # The reviewer declares no conflict and scores the first application in the admin.
    log_in(page, reviewer)
    page.goto("/admin/reviews/review/")
    page.locator("#result_list tr", has_text="Antwerp").get_by_role(
        "link", name="Declare conflicts, then score"
    ).click()
    expect(page.get_by_text("Fully convincing").first).to_be_visible()
    page.get_by_label("I have no conflict of interest").check()
    for criterion, score in ((relevance, "4"), (feasibility, "4.5")):
        fieldset = page.locator("fieldset.criterion", has_text=criterion.name)
        fieldset.get_by_label("Score").select_option(label=score)
        fieldset.get_by_label("Comment").fill(f"Clear on {criterion.name.lower()}.")
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.locator(".messagelist")).to_contain_text("Scores saved.")
    expect(
        page.locator("fieldset.criterion", has_text="Feasibility").get_by_label("Score")
    ).to_have_value("4.5")
    page.get_by_role("button", name="Submit review").click()
    expect(page.locator(".messagelist")).to_contain_text("Review submitted.")
    expect(page.locator(".review-scores")).to_contain_text("State: Submitted")
    reviews[0].refresh_from_db()
    assert reviews[0].state == Review.State.SUBMITTED
    assert reviews[0].scores.get(criterion=relevance).comment == "Clear on relevance."

    # The other two are scored through the services to keep the test short.
    for review, (first, second) in zip(reviews[1:], [("3.5", "3"), ("2", "1")], strict=True):
        declare_conflict(review, conflict=False)
        save_scores(
            review,
            {relevance.pk: (Decimal(first), "Relevant."), feasibility.pk: (Decimal(second), "")},
            submit=True,
        )

    # The coordinator ranks, decides and releases.
    log_in(page, coordinator)
    page.goto(reverse("admin:reviews_ranking", args=[call.pk]))
    ranking = page.locator("#ranking tbody tr")
    expect(ranking).to_have_count(3)
    for position, (city, total) in enumerate(
        [("Antwerp", "8.50"), ("Bruges", "6.50"), ("Charleroi", "3.00")]
    ):
        expect(ranking.nth(position)).to_contain_text(city)
        expect(ranking.nth(position)).to_contain_text(total)
    expect(page.get_by_text("0 of 2 places selected.")).to_be_visible()

    for city, outcome in [
        ("Antwerp", "selected"),
        ("Bruges", "selected"),
        ("Charleroi", "not_selected"),
    ]:
        page.locator("#ranking tr", has_text=city).get_by_role("link", name="Decide").click()
        page.get_by_label("Outcome").select_option(outcome)
        page.get_by_label("Rationale").fill(f"Rationale for {city}.")
        page.get_by_role("button", name="Record the decision").click()
        expect(page.locator(".messagelist")).to_contain_text("Decision recorded.")
    expect(page.locator("#ranking tr", has_text="Antwerp")).to_contain_text("Selected")
    expect(page.locator("#ranking tr", has_text="Charleroi")).to_contain_text("Not selected")
    expect(page.get_by_text("2 of 2 places selected.")).to_be_visible()

    page.get_by_role("link", name="Release the decisions").click()
    problems = page.locator("#release-problems")
    expect(problems).to_contain_text("still open")
    expect(problems).to_contain_text(f"{applications[1].reference} (Bruges): no comment on")
    expect(page.get_by_role("button", name="Yes, release the decisions")).to_be_disabled()
    # The deadline passes and the panel comments where the reviewers did not.
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    for application in applications[1:]:
        record_consensus(application, feasibility, None, "The panel's view.", actor=coordinator)
    page.reload()
    page.get_by_role("button", name="Yes, release the decisions").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Decisions released; 3 applicants have been notified."
    )
    expect(page.get_by_role("link", name="Release the decisions")).to_have_count(0)

    # The report is prepared in the background (here, Celery runs eagerly once the request
    # commits) and kept on the call's reports page.
    page.get_by_role("button", name="Prepare the selection report (PDF)").click()
    expect(page.locator(".messagelist")).to_contain_text("Selection report requested.")
    expect(page.get_by_role("status")).to_contain_text("The latest report is ready to download.")
    reports = page.locator("#selection-reports-table tbody tr")
    expect(reports).to_have_count(1)
    expect(reports.first).to_contain_text(coordinator.email)
    expect(reports.first).to_contain_text("Ready")
    with page.expect_download() as report:
        reports.first.get_by_role("link", name="Download the report of").click()
    assert report.value.suggested_filename.startswith(f"selection-report-{call.slug}-")
    text = pdf_text(report.value)
    for city in CITIES:
        assert city in text

    for application in applications:
        sent = [
            message
            for message in mail.outbox
            if application.applicant.email in message.to and "outcome" in message.subject
        ]
        assert len(sent) == 1, application.city
        assert application.reference in sent[0].subject

    # A selected applicant sees the outcome and downloads the letter.
    log_in(page, applications[0].applicant)
    page.goto("/applications/")
    row = page.locator("tr", has_text=applications[0].reference)
    expect(row).to_contain_text("Selected")
    with page.expect_download() as letter:
        row.get_by_role("link", name="Decision letter (PDF)").click()
    text = pdf_text(letter.value)
    assert "Selected" in text
    assert "Antwerp" in text


def test_reports_page_shows_a_report_once_the_worker_has_prepared_it(page):
    call = CallFactory(title="Peer support call")
    CriterionFactory(call=call, name="Relevance", order=1)
    submitted(ApplicationFactory(call=call, city="Antwerp"), number=1)
    coordinator = UserFactory(roles=["coordinator"], is_staff=True)
    # Requested, not yet picked up by the worker.
    waiting = SelectionReport.objects.create(call=call, requested_by=coordinator)

    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    log_in(page, coordinator)
    page.goto(reverse("admin:reviews_ranking", args=[call.pk]))
    page.get_by_role("link", name="Selection reports").click()
    assert_accessible(page)
    status = page.get_by_role("status")
    expect(status).to_contain_text("A report is being prepared.")
    expect(status.get_by_role("link", name="Check again")).to_be_visible()
    expect(page.locator("#selection-reports-table")).to_contain_text("Being prepared")
    page.evaluate("window.notReloaded = true")

    produce_selection_report(waiting)  # what the Celery worker does

    # The page's script notices within a few seconds, without reloading the page.
    expect(status).to_contain_text("The latest report is ready to download.", timeout=15_000)
    assert page.evaluate("window.notReloaded") is True
    assert_accessible(page)
    assert refused == []
    with page.expect_download() as report:
        page.get_by_role("link", name="Download the report of").click()
    assert "Antwerp" in pdf_text(report.value)
