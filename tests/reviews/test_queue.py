"""The reviewer's queue and the score page's one-POST declaration, scoring and "Submit and next"."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from consolidate.models import AuditEntry
from consolidate.refusals import Refused
from reviews.models import Review
from reviews.queue import score_review
from reviews.services import assign_reviewer, declare_conflict
from tests.factories import CallFactory, CriterionFactory, UserFactory
from tests.reviews.conftest import make_applications, review_of

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:reviews_queue")


def review_url(review):
    return reverse("admin:reviews_review_change", args=[review.pk])


def scores(call, *values, action="submit_next", **extra):
    data = {"action": action, **extra}
    for criterion, value in zip(call.criteria.all(), values, strict=False):
        data[f"score_{criterion.pk}"] = value
        data[f"comment_{criterion.pk}"] = f"On {criterion.name}"
    return data


def assign_all(applications, reviewer, coordinator):
    return [assign_reviewer(a, reviewer, actor=coordinator) for a in applications]


def test_queue_lists_own_assignments_in_reference_order_with_progress(
    client, call, reviewer, coordinator
):
    applications = make_applications(call, 4)
    for application in reversed(applications[1:]):  # assigned newest-last, listed by reference
        assign_reviewer(application, reviewer, actor=coordinator)
    review_of(applications[0], reviewer, [3, 4], actor=coordinator)
    assign_reviewer(applications[1], UserFactory(roles=["reviewer"]), actor=coordinator)
    conflicted = Review.objects.get(application=applications[3], reviewer=reviewer)
    declare_conflict(conflicted, conflict=True, reason="I advise this city.")
    client.force_login(reviewer)

    page = client.get(QUEUE).content.decode()

    references = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', page)
    assert references == [a.reference for a in applications]
    assert "1 of 3 submitted" in page
    assert "1 conflict of interest declared" in page
    next_link = re.search(r'class="button default queue-next" href="([^"]+)">([^<]+)<', page)
    second = Review.objects.get(application=applications[1], reviewer=reviewer)
    assert next_link.group(1) == review_url(second)
    assert f"Next to review: {applications[1].reference}, City 2" in next_link.group(2)
    for state in (
        "Submitted",
        "Conflict of interest not declared yet",
        "Conflict of interest declared",
    ):
        assert f"<td>{state}</td>" in page


def test_queue_shows_only_the_reviewers_own_assignments(client, call, reviewer, coordinator):
    mine, theirs = make_applications(call, 2)
    assign_reviewer(mine, reviewer, actor=coordinator)
    assign_reviewer(theirs, UserFactory(roles=["reviewer"], is_staff=True), actor=coordinator)
    client.force_login(reviewer)
    page = client.get(QUEUE).content.decode()
    assert mine.reference in page and theirs.reference not in page
    assert "0 of 1 submitted" in page


def test_queue_says_when_nothing_is_assigned(client, reviewer):
    client.force_login(reviewer)
    assert "No application is assigned to you yet." in client.get(QUEUE).content.decode()


def test_queue_is_linked_from_the_admin_index_and_the_reviews_list(client, reviewer):
    client.force_login(reviewer)
    for url in (reverse("admin:index"), reverse("admin:reviews_review_changelist")):
        assert f'href="{QUEUE}"' in client.get(url).content.decode(), url


def test_queue_is_for_staff_only(client, call):
    client.force_login(UserFactory(roles=["applicant"]))
    response = client.get(QUEUE)
    assert response.status_code == 302 and "login/" in response["Location"]


@pytest.mark.parametrize("count", [1, 20])
def test_queue_query_count_does_not_grow(
    client, call, reviewer, coordinator, django_assert_num_queries, count
):
    other_call = CallFactory()
    CriterionFactory(call=other_call)
    assign_all(make_applications(call, count) + make_applications(other_call, count), reviewer,
               coordinator)  # fmt: skip
    client.force_login(reviewer)
    with django_assert_num_queries(5):
        page = client.get(QUEUE).content.decode()
    assert page.count("0 of") == 2


def test_one_post_declares_no_conflict_scores_and_opens_the_next(
    client, call, reviewer, coordinator
):
    first, second, third = assign_all(make_applications(call, 3), reviewer, coordinator)
    client.force_login(reviewer)

    response = client.post(review_url(first), scores(call, "4", "3.5", conflict="no"))

    assert response.status_code == 302 and response["Location"] == review_url(second)
    assert "Your queue: 1 of 3 submitted" in client.get(review_url(second)).content.decode()
    first.refresh_from_db()
    assert first.state == Review.State.SUBMITTED
    assert [s.value for s in first.scores.all()] == [4, 3.5]
    actions = list(AuditEntry.objects.about(first.application).values_list("action", flat=True))
    assert {"reviews.conflict", "reviews.score", "reviews.submit_review"} <= set(actions)


def test_submit_and_next_goes_back_to_an_earlier_unfinished_one_then_to_the_queue(
    client, call, reviewer, coordinator
):
    first, second = assign_all(make_applications(call, 2), reviewer, coordinator)
    client.force_login(reviewer)

    response = client.post(review_url(second), scores(call, "4", "4", conflict="no"))
    assert response["Location"] == review_url(first)

    response = client.post(review_url(first), scores(call, "2", "2", conflict="no"), follow=True)
    assert response.redirect_chain[-1][0] == f"{QUEUE}#call-{call.pk}"
    page = response.content.decode()
    assert "Nothing left to review in this call: thank you." in page
    assert "2 of 2 submitted" in page


def test_declaring_a_conflict_skips_scoring(client, call, reviewer, coordinator):
    first, second = assign_all(make_applications(call, 2), reviewer, coordinator)
    client.force_login(reviewer)

    data = {"action": "submit_next", "conflict": "yes", "reason": "I advise this city."}
    response = client.post(review_url(first), data)

    assert response["Location"] == review_url(second)
    first.refresh_from_db()
    assert first.state == Review.State.CONFLICT
    assert first.conflict_reason == "I advise this city." and not first.scores.exists()


def test_missing_declaration_keeps_what_was_typed_and_records_nothing(
    client, call, reviewer, coordinator
):
    (review,) = assign_all(make_applications(call, 1), reviewer, coordinator)
    client.force_login(reviewer)

    response = client.post(review_url(review), scores(call, "4", "3.5"))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Please declare whether you have a conflict of interest." in page
    assert '<option value="3.5" selected>' in page and "On " in page
    review.refresh_from_db()
    assert review.state == Review.State.ASSIGNED


def test_missing_score_on_submit_keeps_what_was_typed_beside_the_fields(
    client, call, reviewer, coordinator
):
    (review,) = assign_all(make_applications(call, 1), reviewer, coordinator)
    first, second = call.criteria.all()
    client.force_login(reviewer)

    response = client.post(review_url(review), scores(call, "4", conflict="no"))

    assert response.status_code == 400
    page = response.content.decode()
    form_row = page.split(f'for="id_score_{second.pk}"')[0].rsplit('<div class="form-row">', 1)[1]
    assert "This field is required." in form_row
    assert '<option value="4" selected>' in page
    assert 'value="no" id="id_conflict_0" required checked' in page
    review.refresh_from_db()
    assert review.state == Review.State.ASSIGNED and not review.scores.exists()


def test_conflict_without_reason_is_refused_beside_the_reason(client, call, reviewer, coordinator):
    (review,) = assign_all(make_applications(call, 1), reviewer, coordinator)
    client.force_login(reviewer)
    response = client.post(review_url(review), {"action": "save", "conflict": "yes"})
    assert response.status_code == 400
    assert "Please say briefly what the conflict of interest is." in response.content.decode()
    review.refresh_from_db()
    assert review.state == Review.State.ASSIGNED


def test_another_reviewers_review_is_not_found(client, call, reviewer, coordinator):
    (application,) = make_applications(call, 1)
    theirs = assign_reviewer(application, UserFactory(roles=["reviewer"]), actor=coordinator)
    client.force_login(reviewer)
    response = client.post(review_url(theirs), scores(call, "4", "4", conflict="no"))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == Review.State.ASSIGNED


def test_score_review_declares_and_scores_in_one_step_or_not_at_all(call, reviewer, coordinator):
    (application,) = make_applications(call, 1)
    review = assign_reviewer(application, reviewer, actor=coordinator)
    first, second = call.criteria.all()
    values = {first.pk: (Decimal("4"), ""), second.pk: (Decimal("99"), "")}

    with pytest.raises(Refused, match="conflict of interest first"):
        score_review(review, conflict=None, values=values, by=reviewer)
    with pytest.raises(Refused, match="not on the call's scale"):
        score_review(review, conflict=False, values=values, submit=True, by=reviewer)
    review.refresh_from_db()
    assert review.state == Review.State.ASSIGNED  # the refused score took the declaration back

    values[second.pk] = (Decimal("3"), "")
    review = score_review(review, conflict=False, values=values, submit=True, by=reviewer)
    assert review.state == Review.State.SUBMITTED
    assert AuditEntry.objects.filter(action="reviews.conflict").count() == 1


def test_score_review_is_the_assigned_reviewers_only(call, reviewer, coordinator):
    (application,) = make_applications(call, 1)
    review = assign_reviewer(application, reviewer, actor=coordinator)
    with pytest.raises(Refused, match="Only the assigned reviewer"):
        score_review(review, conflict=False, values={}, by=coordinator)
