import csv
import io

import pytest
from django.urls import reverse

from tests.factories import ApplicationFactory, CallFactory, UserFactory, submitted

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:applications_application_changelist")


@pytest.fixture
def coordinator(client):
    user = UserFactory(roles=["coordinator"], is_staff=True)
    client.force_login(user)
    return user


def test_staff_see_submitted_applications_but_never_drafts(client, coordinator):
    submitted(ApplicationFactory(city="Submitted City"), number=1)
    ApplicationFactory(city="Draft City")
    page = client.get(CHANGELIST).content.decode()
    assert "Submitted City" in page
    assert "Draft City" not in page


def test_admin_search_and_filters(client, coordinator):
    call = CallFactory()
    submitted(ApplicationFactory(call=call, city="Lyon", country="FR"), number=1)
    submitted(ApplicationFactory(call=call, city="Graz", country="AT"), number=2)
    assert "Graz" not in client.get(CHANGELIST, {"q": "Lyon"}).content.decode()
    filtered = client.get(CHANGELIST, {"country": "AT"}).content.decode()
    assert "Graz" in filtered and "Lyon" not in filtered


def test_admin_shows_applicants_text_escaped(client, coordinator):
    application = submitted(ApplicationFactory(city="<script>alert(1)</script>"), number=1)
    page = client.get(CHANGELIST).content.decode()
    assert "<script>alert(1)</script>" not in page
    detail = client.get(
        reverse("admin:applications_application_change", args=[application.pk])
    ).content.decode()
    assert "<script>alert(1)</script>" not in detail
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail


def test_coordinator_exports_csv_with_formulas_defused(client, coordinator):
    application = submitted(ApplicationFactory(city="=HYPERLINK(1)"), number=1)
    response = client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [application.pk]}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "reference"
    assert rows[1][0] == application.reference
    assert rows[1][4] == "'=HYPERLINK(1)"


def test_reviewers_see_only_their_assigned_applications_and_cannot_export(client):
    from reviews.models import Review

    reviewer = UserFactory(roles=["reviewer"], is_staff=True)
    mine = submitted(ApplicationFactory(city="Assigned City"), number=1)
    submitted(ApplicationFactory(city="Other City"), number=2)
    Review.objects.create(application=mine, reviewer=reviewer)
    client.force_login(reviewer)
    response = client.get(CHANGELIST)
    page = response.content.decode()
    assert "Assigned City" in page and "Other City" not in page
    assert "export_csv" not in page
    exported = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [mine.pk]})
    assert exported.get("Content-Type", "").startswith("text/html")


def test_applicants_cannot_reach_the_admin(client):
    client.force_login(UserFactory(roles=["applicant"]))
    assert client.get(CHANGELIST).status_code in (302, 403)


@pytest.mark.parametrize("count", [1, 30])
def test_admin_list_query_count_does_not_grow(
    client, coordinator, django_assert_num_queries, count
):
    call = CallFactory()
    for number in range(1, count + 1):
        submitted(ApplicationFactory(call=call), number=number)
    with django_assert_num_queries(10):
        client.get(CHANGELIST)
