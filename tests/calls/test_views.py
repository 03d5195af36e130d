import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from calls.models import Call
from tests.factories import (
    CallFactory,
    CallSectionFactory,
    ContactFactory,
    CostCategoryFactory,
    CriterionFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def test_home_lists_open_calls_with_deadline_and_time_left(client):
    CallFactory(title="Open for cities")
    response = client.get(reverse("calls:list"))
    page = response.content.decode()
    assert "Open for cities" in page
    assert "left" in page


def test_home_hides_draft_calls_from_visitors_and_applicants(client):
    CallFactory(title="Secret draft", state=Call.State.DRAFT)
    assert "Secret draft" not in client.get(reverse("calls:list")).content.decode()
    client.force_login(UserFactory(roles=["applicant"]))
    assert "Secret draft" not in client.get(reverse("calls:list")).content.decode()


def test_draft_call_page_is_404_for_everyone_but_coordinators(client):
    call = CallFactory(state=Call.State.DRAFT)
    assert client.get(call.get_absolute_url()).status_code == 404
    client.force_login(UserFactory(roles=["reviewer"], is_staff=True))
    assert client.get(call.get_absolute_url()).status_code == 404
    client.force_login(UserFactory(roles=["coordinator"], is_staff=True))
    response = client.get(call.get_absolute_url())
    assert response.status_code == 200
    assert "Draft" in response.content.decode()


def test_closed_call_is_readable_but_offers_no_way_to_apply(client):
    now = timezone.now()
    call = CallFactory(opens_at=now - dt.timedelta(days=30), deadline=now - dt.timedelta(days=1))
    page = client.get(call.get_absolute_url()).content.decode()
    assert "This call is closed." in page
    assert reverse("applications:start", args=[call.slug]) not in page


def test_archived_call_stays_readable(client):
    call = CallFactory(state=Call.State.ARCHIVED, title="Old round")
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Old round" in page
    assert "Archived" in page


def test_call_page_shows_every_part_of_the_call(client):
    theme = ThemeFactory(name="Housing autonomy")
    call = CallFactory(
        themes=[theme],
        deadline=dt.datetime(2031, 6, 6, 17, 0, tzinfo=BRUSSELS),
        opens_at=timezone.now() - dt.timedelta(days=1),
    )
    CallSectionFactory(call=call, heading="How peer support works", body="Before the *visit*")
    CriterionFactory(call=call, name="Commitment to the process").levels.create(
        score=5, description="Fully shown"
    )
    CostCategoryFactory(call=call, name="Interpretation")
    ContactFactory(call=call, name="Ada Contact", email="ada@example.org")
    page = client.get(call.get_absolute_url()).content.decode()
    for fact in [
        "Friday 6 June 2031, 17:00 CEST, Brussels time",
        "Time left:",
        "How peer support works",
        "Before the <em>visit</em>",
        "Housing autonomy",
        "Commitment to the process",
        "Fully shown",
        "Interpretation",
        "EUR 3,400.00",
        "1.5 days of contact time",
        "2 nights",
        "ada@example.org",
        "Description of your challenge",
        "At most 500 words",
        reverse("applications:start", args=[call.slug]),
    ]:
        assert fact in page, fact


def test_call_page_escapes_text_and_sanitises_sections(client):
    call = CallFactory(title="<script>alert('t')</script>")
    CallSectionFactory(call=call, body="<script>alert('b')</script>hello")
    page = client.get(call.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;t&#x27;)" in page


def test_winter_deadline_is_shown_in_cet(client):
    call = CallFactory(deadline=dt.datetime(2031, 12, 5, 17, 0, tzinfo=BRUSSELS))
    assert "Friday 5 December 2031, 17:00 CET, Brussels time" in (
        client.get(call.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("calls", [1, 25])
def test_call_list_query_count_does_not_grow(client, django_assert_num_queries, calls):
    CallFactory.create_batch(calls)
    with django_assert_num_queries(1):
        client.get(reverse("calls:list"))


@pytest.mark.parametrize("criteria", [1, 10])
def test_call_page_query_count_does_not_grow(client, django_assert_max_num_queries, criteria):
    call = CallFactory()
    for _ in range(criteria):
        CriterionFactory(call=call).levels.create(score=1, description="x")
        CallSectionFactory(call=call)
    with django_assert_max_num_queries(8):
        client.get(call.get_absolute_url())
