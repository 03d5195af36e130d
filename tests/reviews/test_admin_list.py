"""The reviewer's queue: the admin list of reviews."""

import re
from urllib.parse import urljoin

import pytest
from django.urls import reverse

from reviews.models import Review
from reviews.services import assign_reviewer
from tests.factories import UserFactory
from tests.reviews.conftest import make_applications, review_of

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:reviews_review_changelist")


def rows(page: str) -> list[str]:
    return re.findall(r"<tr>(.*?)</tr>", page.split('id="result_list"')[1], re.S)[1:]


def test_queue_shows_a_reviewers_own_reviews_with_what_to_do(client, call, reviewer, coordinator):
    mine, scored, other = make_applications(call, 3)
    assign_reviewer(mine, reviewer, actor=coordinator)
    review_of(scored, reviewer, [3, 4], actor=coordinator)
    assign_reviewer(other, UserFactory(roles=["reviewer"], is_staff=True), actor=coordinator)
    client.force_login(reviewer)
    page = client.get(QUEUE, {"application__call__id__exact": call.pk}).content.decode()
    assert "City 1" in page and "City 2" in page and "City 3" not in page
    [assigned_row] = [row for row in rows(page) if "City 1" in row]
    for text in (mine.reference, "City 1", call.title, reviewer.email):
        assert f">{text}<" in assigned_row
    assert "Declare conflicts, then score" in assigned_row
    [submitted_row] = [row for row in rows(page) if "City 2" in row]
    assert ">Submitted<" in submitted_row and ">Read<" in submitted_row


def test_queue_to_do_link_opens_that_review(client, call, reviewer, coordinator):
    application = make_applications(call, 1)[0]
    review = assign_reviewer(application, reviewer, actor=coordinator)
    client.force_login(reviewer)
    page = client.get(QUEUE).content.decode()
    [href] = re.findall(r'<td class="field-open_link"><a href="([^"]+)">', page)
    url = urljoin(f"http://testserver{QUEUE}?o=1", href)
    assert url == f"http://testserver{reverse('admin:reviews_review_change', args=[review.pk])}"
    assert application.reference in client.get(url).content.decode()


def test_queue_lists_the_newest_assignment_first(client, call, reviewer, coordinator):
    first, second = make_applications(call, 2)
    assign_reviewer(first, reviewer, actor=coordinator)
    assign_reviewer(second, reviewer, actor=coordinator)
    client.force_login(reviewer)
    page = client.get(QUEUE).content.decode()
    assert page.index(second.reference) < page.index(first.reference)


def test_coordinator_sees_every_review_and_can_reopen(client, call, reviewer, coordinator):
    other = UserFactory(roles=["reviewer"], is_staff=True)
    application = make_applications(call, 1)[0]
    review = review_of(application, reviewer, [3, 4], actor=coordinator)
    review_of(application, other, [2, 2], actor=coordinator)
    client.force_login(coordinator)
    page = client.get(QUEUE).content.decode()
    assert reviewer.email in page and other.email in page
    assert f'name="_selected_action" value="{review.pk}" class="action-select"' in page
    client.post(QUEUE, {"action": "reopen", "_selected_action": [review.pk]})
    review.refresh_from_db()
    assert review.state == Review.State.SCORING


@pytest.mark.parametrize("who", ["reviewer", "coordinator"])
@pytest.mark.parametrize("count", [1, 25])
def test_queue_query_count_does_not_grow(
    client, call, reviewer, coordinator, django_assert_num_queries, count, who
):
    for application in make_applications(call, count):
        assign_reviewer(application, reviewer, actor=coordinator)
    client.force_login({"reviewer": reviewer, "coordinator": coordinator}[who])
    with django_assert_num_queries(8):
        page = client.get(QUEUE, {"application__call__id__exact": call.pk}).content.decode()
    assert len(rows(page)) == count
