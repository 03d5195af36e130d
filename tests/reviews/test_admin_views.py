import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reviews.models import Review, SelectionReport
from reviews.services import assign_reviewer, record_decision, release_decisions
from tests.factories import UserFactory
from tests.reviews.conftest import close, make_applications, review_of

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def review_url(review):
    return reverse("admin:reviews_review_change", args=[review.pk])


def coordinator_urls(call, application):
    return [
        reverse("admin:reviews_ranking", args=[call.pk]),
        reverse("admin:reviews_selection_reports", args=[call.pk]),
        reverse("admin:reviews_release", args=[call.pk]),
        reverse("admin:reviews_decide", args=[application.pk]),
        reverse("admin:reviews_consensus", args=[application.pk]),
    ]


def test_assigned_reviewer_scores_then_sees_others_only_after_submitting(
    client, call, reviewer, coordinator
):
    (application,) = make_applications(call, 1)
    other = UserFactory(roles=["reviewer"], is_staff=True)
    review_of(application, other, [1, 1], actor=coordinator)
    review = assign_reviewer(application, reviewer, actor=coordinator)
    client.force_login(reviewer)

    page = client.get(review_url(review)).content.decode()
    assert "I have no conflict of interest" in page
    assert other.email not in page
    first, second = call.criteria.all()
    data = {"action": "save", f"score_{first.pk}": "4.5", f"comment_{first.pk}": "Concrete"}
    client.post(review_url(review), {**data, "conflict": "no"})
    review.refresh_from_db()
    assert review.state == Review.State.SCORING
    page = client.get(review_url(review)).content.decode()
    assert "Concrete" in page
    assert other.email not in page and "comment 1" not in page

    bad = client.post(review_url(review), {**data, "action": "submit"})
    assert bad.status_code == 400
    assert "This field is required." in bad.content.decode()

    client.post(review_url(review), {**data, "action": "submit", f"score_{second.pk}": "3"})
    review.refresh_from_db()
    assert review.state == Review.State.SUBMITTED
    page = client.get(review_url(review)).content.decode()
    assert other.email in page and "comment 1" in page
    locked = client.post(review_url(review), {**data, "action": "save"})
    assert locked.status_code == 403


def test_reviewer_who_is_not_assigned_gets_404(client, call, reviewer, coordinator):
    (application,) = make_applications(call, 1)
    review = assign_reviewer(application, UserFactory(roles=["reviewer"]), actor=coordinator)
    client.force_login(reviewer)
    assert client.get(review_url(review)).status_code == 404
    assert client.post(review_url(review), {"action": "save", "conflict": "no"}).status_code == 404


def test_reviewer_cannot_reach_coordinator_pages(client, call, reviewer, coordinator):
    (application,) = make_applications(call, 1)
    assign_reviewer(application, reviewer, actor=coordinator)
    client.force_login(reviewer)
    for url in coordinator_urls(call, application):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"outcome": "selected", "rationale": "x"}).status_code == 403


def test_coordinator_reads_but_cannot_score_someone_elses_review(
    client, call, reviewer, coordinator
):
    (application,) = make_applications(call, 1)
    review = assign_reviewer(application, reviewer, actor=coordinator)
    client.force_login(coordinator)
    assert client.get(review_url(review)).status_code == 200
    declared = client.post(review_url(review), {"action": "save", "conflict": "no"})
    assert declared.status_code == 403


@pytest.mark.parametrize("role", ["applicant", None])
def test_applicants_and_visitors_never_reach_review_pages(client, call, reviewer, coordinator,
                                                          role):  # fmt: skip
    (application,) = make_applications(call, 1)
    review = assign_reviewer(application, reviewer, actor=coordinator)
    if role:
        client.force_login(UserFactory(roles=[role]))
    for url in [review_url(review), *coordinator_urls(call, application)]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert "login/" in response["Location"]


def test_coordinator_decides_releases_and_letters_read_as_documents(
    client, call, reviewer, coordinator, django_capture_on_commit_callbacks
):
    first, second = make_applications(call, 2)
    review_of(first, reviewer, [5, 4.5], actor=coordinator)
    review_of(second, reviewer, [2, 2], actor=coordinator)
    client.force_login(coordinator)
    ranking = client.get(reverse("admin:reviews_ranking", args=[call.pk])).content.decode()
    assert ranking.index(first.city) < ranking.index(second.city)
    assert "9.50" in ranking

    client.post(
        reverse("admin:reviews_consensus", args=[first.pk]),
        {f"comment_{c.pk}": f"Consolidated on {c.name}" for c in call.criteria.all()},
    )
    decide = reverse("admin:reviews_decide", args=[first.pk])
    client.post(decide, {"outcome": "selected", "rationale": "Clear and concrete"})
    empty = client.post(
        reverse("admin:reviews_decide", args=[second.pk]), {"outcome": "not_selected"}
    )
    assert empty.status_code == 400
    client.post(
        reverse("admin:reviews_decide", args=[second.pk]),
        {"outcome": "not_selected", "rationale": "Too vague"},
    )
    close(call)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:reviews_release", args=[call.pk]))
    call.refresh_from_db()
    assert call.decisions_released

    letter = pdf_text(client.get(reverse("admin:reviews_letter", args=[first.pk])).content)
    for fact in [first.reference, first.city, "Selected", "Clear and concrete", "Next steps",
                 "Consolidated on", "5.00 / 5", "Reviewer A", "comment 5"]:  # fmt: skip
        assert fact in letter, fact
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:reviews_selection_reports", args=[call.pk]))
    ready = SelectionReport.objects.get(call=call, state="ready")
    download = client.get(reverse("admin:reviews_selection_report", args=[call.pk, ready.pk]))
    report = pdf_text(b"".join(download.streaming_content))
    for fact in [first.reference, second.reference, "Too vague", reviewer.email,
                 coordinator.email, "Selection report"]:  # fmt: skip
        assert fact in report, fact

    changelist = reverse("admin:reviews_decision_changelist")
    ids = list(call.decisions.values_list("pk", flat=True))
    archive = client.post(changelist, {"action": "download_letters", "_selected_action": ids})
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert sorted(names) == sorted(f"{a.reference}-decision.pdf" for a in (first, second))


def test_applicant_sees_outcome_and_letter_only_after_release(client, call, reviewer, coordinator):
    (application,) = make_applications(call, 1)
    review_of(application, reviewer, [3, 4], actor=coordinator)
    close(call)
    record_decision(application, outcome="not_selected", rationale="Vague", actor=coordinator)
    client.force_login(application.applicant)
    letter_url = reverse("reviews:letter", args=[call.slug])
    assert "Not selected" not in client.get(reverse("applications:mine")).content.decode()
    assert client.get(letter_url).status_code == 404
    release_decisions(call, actor=coordinator)
    assert "Not selected" in client.get(reverse("applications:mine")).content.decode()
    assert "Vague" in pdf_text(client.get(letter_url).content)
    client.force_login(UserFactory(roles=["applicant"]))
    assert client.get(letter_url).status_code == 404


def test_pdf_renderer_loads_nothing_from_outside(client, call, coordinator, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")
    (application,) = make_applications(call, 1)
    record_decision(
        application,
        outcome="not_selected",
        rationale=f'<img src="file://{secret}"><img src="http://127.0.0.1:9/x.png">',
        actor=coordinator,
    )
    from consolidate.documents import static_only_fetcher

    with pytest.raises(ValueError):
        static_only_fetcher().fetch(f"file://{secret}")
    with pytest.raises(ValueError):
        static_only_fetcher().fetch("http://127.0.0.1:9/x.png")
    client.force_login(coordinator)
    letter = client.get(reverse("admin:reviews_letter", args=[application.pk]))
    assert "<img" in pdf_text(letter.content)


@pytest.mark.parametrize("count", [2, 20])
def test_ranking_page_query_count_does_not_grow(
    client, call, coordinator, django_assert_num_queries, count
):
    reviewers = [UserFactory(roles=["reviewer"]) for _ in range(2)]
    for application in make_applications(call, count):
        for reviewer in reviewers:
            review_of(application, reviewer, [3, 4], actor=coordinator)
    client.force_login(coordinator)
    # The page's standings and their ids are one query (the ids a subquery).
    with django_assert_num_queries(11):
        client.get(reverse("admin:reviews_ranking", args=[call.pk]))


def test_second_coordinator_saving_an_old_view_of_a_decision_is_refused(
    client, call, reviewer, coordinator
):
    (application,) = make_applications(call, 1)
    review_of(application, reviewer, [4, 4], actor=coordinator)
    url = reverse("admin:reviews_decide", args=[application.pk])
    client.force_login(coordinator)
    form = client.get(url).context["form"]
    seen = form.initial["seen_version"]
    other = UserFactory(roles=["coordinator"], is_staff=True)
    record_decision(application, outcome="not_selected", rationale="Too vague", actor=other)
    response = client.post(
        url, {"outcome": "selected", "rationale": "Strong", "seen_version": seen}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this while you were editing it" in page and "Not selected" in page
    application.decision.refresh_from_db()
    assert application.decision.outcome == "not_selected"
