"""The staff home and the dashboard cost the same number of queries for one application as for
many (and for many reviews, visits and claims)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.services import assign_reviewer, record_decision

from .conftest import seed_round

pytestmark = pytest.mark.django_db
CEILING = 40


def queries_of(client, url) -> int:
    """The queries of a page that counts (the dashboards' cache emptied first)."""
    client.get(url)  # the first request warms per-process caches (content types)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_dashboard_queries_do_not_grow_with_the_call(
    client, coordinator, django_assert_num_queries
):
    small, large = seed_round(1, coordinator), seed_round(6, coordinator)
    client.force_login(coordinator)
    count = queries_of(client, reverse("dashboards:call", args=[small.call.pk]))
    assert count <= CEILING
    cache.clear()
    with django_assert_num_queries(count):
        response = client.get(reverse("dashboards:call", args=[large.call.pk]))
    assert "6 applications submitted" in response.content.decode()


def test_export_queries_do_not_grow_with_the_call(client, coordinator, django_assert_num_queries):
    small, large = seed_round(1, coordinator), seed_round(6, coordinator)
    client.force_login(coordinator)
    count = queries_of(client, reverse("dashboards:export", args=[small.call.pk, "funnel"]))
    cache.clear()
    with django_assert_num_queries(count):
        client.get(reverse("dashboards:export", args=[large.call.pk, "funnel"]))


def test_coordinators_home_queries_do_not_grow(client, coordinator, django_assert_num_queries):
    seed_round(1, coordinator)
    client.force_login(coordinator)
    count = queries_of(client, reverse("admin:index"))
    assert count <= CEILING
    seed_round(6, coordinator)  # a second call, and many more rows of every kind
    cache.clear()
    with django_assert_num_queries(count):
        response = client.get(reverse("admin:index"))
    assert response.content.decode().count('class="work-needs"') == 2


def test_reviewers_home_queries_do_not_grow(client, coordinator, django_assert_num_queries):
    reviewer = seed_round(1, coordinator).reviewers[1]
    client.force_login(reviewer)
    count = queries_of(client, reverse("admin:index"))
    assert count <= CEILING
    for application in seed_round(6, coordinator).applications:
        assign_reviewer(application, reviewer, actor=coordinator)
    cache.clear()
    with django_assert_num_queries(count):
        response = client.get(reverse("admin:index"))
    assert "0 of 6 submitted" in response.content.decode()


def test_dashboard_counts_once_until_something_changes(client, coordinator):
    round_ = seed_round(2, coordinator)
    url = reverse("dashboards:call", args=[round_.call.pk])
    client.force_login(coordinator)
    counting = queries_of(client, url)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert len(queries.captured_queries) < counting - 10  # the counts came from the cache
    assert "Waiting for a decision" in page
    record_decision(round_.applications[-1], outcome="not_selected", rationale="No.",
                    actor=coordinator)  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries.captured_queries) >= counting  # counted again, after the decision
