"""The ranking says which threshold an application fails and which tie-break ordered equal
totals; references open the application; the call's page leads to its ranking and criteria."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import CallFactory, CriterionFactory, UserFactory

from .conftest import make_applications, review_of

pytestmark = pytest.mark.django_db


def ranking_rows(client, call) -> list[str]:
    page = client.get(reverse("admin:reviews_ranking", args=[call.pk])).content.decode()
    return page.split('id="ranking"')[1].split("<tbody>")[1].split("</tr>")[:-1]


def test_equal_totals_say_which_tie_break_ordered_them(client, call, coordinator):
    first, second = call.criteria.all()
    second.tie_break_rank = 1
    second.save()
    early, late = make_applications(call, 2)
    reviewer = UserFactory(roles=["reviewer"])
    review_of(early, reviewer, [4, 2], actor=coordinator)
    review_of(late, reviewer, [2, 4], actor=coordinator)
    client.force_login(coordinator)

    top, below = ranking_rows(client, call)

    assert late.reference in top and "tied" not in top
    assert early.reference in below
    assert f"tied on total with rank 1; ordered by {second.name}" in below
    assert "<strong>6.00</strong>" in top and "<strong>6.00</strong>" in below


def test_equal_totals_without_a_tie_break_say_so(client, call, coordinator):
    one, two = make_applications(call, 2)
    reviewer = UserFactory(roles=["reviewer"])
    review_of(one, reviewer, [4, 2], actor=coordinator)
    review_of(two, reviewer, [2, 4], actor=coordinator)
    client.force_login(coordinator)

    _top, below = ranking_rows(client, call)

    assert "tied on total with rank 1; no tie-break separates them" in below


def test_a_blocked_application_names_the_threshold_it_fails(client, call, coordinator):
    first, _second = call.criteria.all()
    first.threshold = Decimal("3")
    first.save()
    call.total_threshold = Decimal("7")
    call.save()
    strong, weak = make_applications(call, 2)
    reviewer = UserFactory(roles=["reviewer"])
    review_of(strong, reviewer, [5, 4], actor=coordinator)
    review_of(weak, reviewer, [2, 4], actor=coordinator)
    client.force_login(coordinator)

    top, below = ranking_rows(client, call)

    assert "<td>yes</td>" in top
    assert (
        '<td class="blocked">no: below the total threshold 7.00; '
        f"below the threshold of {first.name} (3.00)</td>"
    ) in below
    page = client.get(reverse("admin:reviews_ranking", args=[call.pk])).content.decode()
    assert "× 1.00, threshold 3.00" in page and "threshold 7.00" in page


def test_references_open_the_application(client, call, coordinator):
    (application,) = make_applications(call, 1)
    client.force_login(coordinator)
    (row,) = ranking_rows(client, call)
    url = reverse("admin:applications_application_change", args=[application.pk])
    assert f'<a href="{url}">{application.reference}</a>' in row
    assert application.city in client.get(url).content.decode()


def test_the_calls_page_leads_to_its_ranking_reports_and_criteria(client, call, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("admin:calls_call_change", args=[call.pk])).content.decode()
    criteria = reverse("admin:calls_criterion_changelist") + f"?call__id__exact={call.pk}"
    for url in (
        reverse("admin:reviews_ranking", args=[call.pk]),
        reverse("admin:reviews_selection_reports", args=[call.pk]),
        criteria,
    ):
        assert f'href="{url}"' in page

    other = CallFactory(title="Another call")
    CriterionFactory(call=other, name="Only in the other call")
    listed = client.get(criteria).content.decode()
    assert all(criterion.name in listed for criterion in call.criteria.all())
    assert "Only in the other call" not in listed
