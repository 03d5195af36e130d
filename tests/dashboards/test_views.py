"""Who may open a call's dashboard and its exports, what the exports hold, and the staff home's
links to the places where each piece of work is done."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards.figures import call_figures
from dashboards.home import staff_home
from dashboards.panels import tables
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TABLES = ["funnel", "days", "countries", "themes", "scores", "reviewer-means", "spread"]


def test_every_table_of_the_dashboard_has_an_export(seeded):
    assert list(tables(call_figures(seeded.call, today=timezone.localdate()))) == TABLES


@pytest.mark.parametrize("table", TABLES)
def test_export_is_utf8_with_a_byte_order_mark(client, seeded, table):
    client.force_login(seeded.coordinator)
    response = client.get(reverse("dashboards:export", args=[seeded.call.pk, table]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert f'filename="{seeded.call.slug}-{table}.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) > 1


def test_a_reviewers_name_survives_the_export(client, seeded):
    client.force_login(seeded.coordinator)
    response = client.get(reverse("dashboards:export", args=[seeded.call.pk, "reviewer-means"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Criterion", "Reviewer", "Mean score"]
    assert ["Criterion 1", "Inês Sousa", "4.00"] in rows
    assert "Inês".encode() in response.content


def test_funnel_export_writes_plain_numbers(client, seeded):
    client.force_login(seeded.coordinator)
    response = client.get(reverse("dashboards:export", args=[seeded.call.pk, "funnel"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["Applications", "Submitted", "4"] in rows
    assert ["Lump-sum claims", "Amount paid", "240.00"] in rows


def test_dashboard_shows_the_funnel_charts_and_their_tables(client, seeded):
    client.force_login(seeded.coordinator)
    page = client.get(reverse("dashboards:call", args=[seeded.call.pk])).content.decode()
    assert page.count('<svg viewBox="0 0') == 8  # days, countries, themes, 2 criteria × 2, spread
    assert page.count('<details class="data-table">') == 6
    assert 'style="' not in page.split('<div class="dashboard">')[1]
    assert "<script" not in page.split('<div class="dashboard">')[1]
    assert "Inês Sousa" in page
    assert "EUR 240.00" in page


def test_call_change_page_links_to_its_dashboard(client, seeded):
    client.force_login(seeded.coordinator)
    page = client.get(reverse("admin:calls_call_change", args=[seeded.call.pk])).content.decode()
    assert reverse("dashboards:call", args=[seeded.call.pk]) in page


# Permissions


@pytest.mark.parametrize("name", ["dashboards:call", "dashboards:export"])
def test_a_reviewer_may_not_open_a_dashboard(client, seeded, name):
    client.force_login(seeded.reviewers[0])
    args = [seeded.call.pk] + (["funnel"] if name.endswith("export") else [])
    assert client.get(reverse(name, args=args)).status_code == 403
    # Whether a call exists or not, a reviewer learns nothing: 403 as well.
    args[0] = seeded.call.pk + 1000
    assert client.get(reverse(name, args=args)).status_code == 403


def test_a_reviewer_is_not_offered_a_dashboard(client, seeded):
    client.force_login(seeded.reviewers[0])
    page = client.get(reverse("admin:index")).content.decode()
    assert reverse("dashboards:call", args=[seeded.call.pk]) not in page
    page = client.get(reverse("admin:calls_call_change", args=[seeded.call.pk])).content.decode()
    assert reverse("dashboards:call", args=[seeded.call.pk]) not in page


def test_an_unknown_call_or_table_is_not_found(client, seeded):
    client.force_login(seeded.coordinator)
    assert client.get(reverse("dashboards:call", args=[seeded.call.pk + 1000])).status_code == 404
    missing = reverse("dashboards:export", args=[seeded.call.pk, "passwords"])
    assert client.get(missing).status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "applicant"])
def test_people_outside_the_staff_are_sent_to_log_in(client, seeded, who):
    if who == "applicant":
        client.force_login(seeded.applications[0].applicant)
    for url in (reverse("dashboards:call", args=[seeded.call.pk]),
                reverse("dashboards:export", args=[seeded.call.pk, "funnel"])):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


# The staff home


def test_reviewers_home_leads_to_their_next_review(client, seeded):
    reviewer = seeded.reviewers[1]  # left their review of the last application unsubmitted
    client.force_login(reviewer)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Your work" in page
    assert "3 of 4 submitted" in page
    unfinished = reviewer.reviews.get(state="scoring")
    assert reverse("admin:reviews_review_change", args=[unfinished.pk]) in page
    assert "Calls" not in page.split("Your work")[1].split("content-main")[0]


def test_a_reviewer_with_nothing_assigned_is_told_so(client):
    client.force_login(UserFactory(roles=["reviewer"], is_staff=True))
    assert "No review waits for you." in client.get(reverse("admin:index")).content.decode()


def test_coordinators_home_lists_what_each_call_needs(client, seeded):
    client.force_login(seeded.coordinator)
    page = client.get(reverse("admin:index")).content.decode()
    for text in ("1 review not submitted yet", "3 applications need a consensus",
                 "1 application waits for a decision", "2 feedback questionnaires unanswered",
                 "1 claim to check"):  # fmt: skip
        assert text in page
    assert reverse("dashboards:call", args=[seeded.call.pk]) in page


def test_every_link_of_the_coordinators_home_opens_its_filtered_list(client, seeded):
    client.force_login(seeded.coordinator)
    (work,) = [one for one in staff_home(seeded.coordinator).calls if one.call == seeded.call]
    assert len(work.needs) == 5
    for need in work.needs:
        response = client.get(need.url)
        # The admin answers a filter it does not allow with a redirect to "?e=1".
        assert response.status_code == 200, need.url
    claims = client.get(work.needs[-1].url).content.decode()
    assert "1 lump-sum claim" in claims or "1 result" in claims
