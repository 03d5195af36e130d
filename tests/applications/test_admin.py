import csv
import io
import re

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
        submitted(ApplicationFactory(call=call, country="AT"), number=number)
    with django_assert_num_queries(9):
        page = client.get(CHANGELIST, {"call__id__exact": call.pk}).content.decode()
    assert page.count('class="action-select"') == count
    assert page.count("Austria") >= count


def rows(page: str) -> list[str]:
    return re.findall(r"<tr>(.*?)</tr>", page.split('id="result_list"')[1], re.S)[1:]


def test_admin_list_shows_every_column_of_each_application(client, coordinator):
    call = CallFactory(title="Spring call")
    application = submitted(
        ApplicationFactory(call=call, city="Graz", country="AT", officer_name="Ana Officer"),
        number=1,
    )
    [row] = rows(client.get(CHANGELIST, {"call__id__exact": call.pk}).content.decode())
    for text in (application.reference, "Graz", "Austria", "Ana Officer", "Spring call"):
        assert f">{text}<" in row
    assert ">Submitted<" in row
    assert str(application.submitted_at.year) in row


def test_admin_list_orders_newest_call_first_then_by_reference(client, coordinator):
    old_call, new_call = CallFactory(), CallFactory()
    submitted(ApplicationFactory(call=old_call, city="Old One"), number=1)
    submitted(ApplicationFactory(call=new_call, city="New One"), number=1)
    submitted(ApplicationFactory(call=new_call, city="New Two"), number=2)
    page = client.get(CHANGELIST).content.decode()
    assert page.index("New One") < page.index("New Two") < page.index("Old One")


def test_admin_list_sorts_by_country_name_in_the_users_language(client, coordinator, settings):
    settings.LANGUAGES = [("en", "English"), ("de", "German")]
    call = CallFactory()
    submitted(ApplicationFactory(call=call, city="Lyon", country="FR"), number=1)
    submitted(ApplicationFactory(call=call, city="Graz", country="AT"), number=2)
    # Columns count from the checkbox: 0 checkbox, 1 reference, 2 city, 3 country.
    page = client.get(CHANGELIST, {"o": "3"}, headers={"accept-language": "de"}).content.decode()
    assert "Österreich" in page and "Frankreich" in page
    assert page.index("Graz") < page.index("Lyon")
    reversed_page = client.get(CHANGELIST, {"o": "-3"}).content.decode()
    assert reversed_page.index("Lyon") < reversed_page.index("Graz")


def test_admin_list_links_each_row_to_its_application_keeping_the_filters(client, coordinator):
    call = CallFactory()
    first = submitted(ApplicationFactory(call=call), number=1)
    second = submitted(ApplicationFactory(call=call), number=2)
    page = client.get(CHANGELIST, {"call__id__exact": call.pk}).content.decode()
    for application in (first, second):
        url = reverse("admin:applications_application_change", args=[application.pk])
        link = f'href="{url}?_changelist_filters=call__id__exact%3D{call.pk}"'
        assert link in page
    detail = client.get(
        reverse("admin:applications_application_change", args=[second.pk]),
        {"_changelist_filters": f"call__id__exact={call.pk}"},
    )
    assert second.reference in detail.content.decode()


def test_admin_list_checkbox_selects_the_application_for_export(client, coordinator):
    chosen = submitted(ApplicationFactory(city="Chosen City"), number=1)
    submitted(ApplicationFactory(city="Other City"), number=2)
    page = client.get(CHANGELIST).content.decode()
    [value] = re.findall(
        r'<input type="checkbox" name="_selected_action" value="(\d+)" class="action-select"'
        r' aria-label="Select this object for an action - [^"]*Chosen City">',
        page,
    )
    response = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [value]})
    exported = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[4] for row in exported[1:]] == [chosen.city]
