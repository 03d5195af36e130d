import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.forms import MultiWidget
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from calls.models import Call
from consolidate import page_cache
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


@pytest.mark.parametrize("rows", [1, 10])
def test_warm_call_page_needs_only_the_call(client, django_assert_num_queries, rows):
    themes = ThemeFactory.create_batch(rows)
    call = CallFactory(themes=themes)
    criteria = CriterionFactory.create_batch(rows, call=call)
    for criterion in criteria:
        criterion.levels.create(score=1, description=f"Level of {criterion.name}")
        CallSectionFactory(call=call)
        ContactFactory(call=call)
        CostCategoryFactory(call=call)
    client.get(call.get_absolute_url())  # renders the page's fragment into the cache
    page_cache.bump()  # the whole page no longer served: the view runs, the fragment is warm
    with django_assert_num_queries(1):
        page = client.get(call.get_absolute_url()).content.decode()
    for fact in [theme.name for theme in themes] + [f"Level of {c.name}" for c in criteria]:
        assert fact in page, fact
    assert page.count('<section id="section-') == rows
    with django_assert_num_queries(0):  # the next anonymous visitor gets the whole page
        assert client.get(call.get_absolute_url()).content.decode() == page


def admin_form_data(response) -> dict:
    """What the browser sends back from an admin change page it was given, unchanged."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update(
            {management[name].html_name: management[name].value() for name in management.fields}
        )
        forms += inline.formset.forms
    for form in forms:
        for field in form:
            value, widget = field.value(), field.field.widget
            if isinstance(widget, MultiWidget):
                for n, part in enumerate(widget.decompress(value)):
                    data[f"{field.html_name}_{n}"] = "" if part is None else part
            elif value is not None and value is not False:
                data[field.html_name] = value
    return data


@pytest.fixture
def coordinator(client):
    user = UserFactory(roles=["coordinator"], is_staff=True)
    client.force_login(user)
    return user


def test_section_edited_in_the_admin_shows_on_the_call_page_at_once(client, coordinator):
    call = CallFactory()
    section = CallSectionFactory(call=call, heading="Before", body="Old *text*")
    visitor = Client()
    assert "Old <em>text</em>" in visitor.get(call.get_absolute_url()).content.decode()
    url = reverse("admin:calls_call_change", args=[call.pk])
    data = admin_form_data(client.get(url))
    data.update({"sections-0-body_en": "New **text**", "sections-0-heading_en": "After"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    section.refresh_from_db()
    assert section.body == "New **text**"
    page = visitor.get(call.get_absolute_url()).content.decode()
    assert "New <strong>text</strong>" in page
    assert "After" in page
    assert "Old" not in page


def test_criteria_and_themes_edited_on_their_own_pages_show_at_once(client, coordinator):
    theme = ThemeFactory(name="Old theme")
    call = CallFactory(themes=[theme])
    criterion = CriterionFactory(call=call, name="Old criterion")
    visitor = Client()
    visitor.get(call.get_absolute_url())
    criterion.name = "New criterion"
    criterion.save()
    criterion.levels.create(score=3, description="Half way there")
    theme.name = "New theme"
    theme.save()
    page = visitor.get(call.get_absolute_url()).content.decode()
    for fact in ["New criterion", "Half way there", "New theme"]:
        assert fact in page, fact
    assert "Old criterion" not in page
    assert "Old theme" not in page


def test_call_page_closes_at_the_deadline_although_its_text_is_cached(client):
    call = CallFactory()
    with time_machine.travel(call.deadline - dt.timedelta(minutes=1)):
        page = client.get(call.get_absolute_url()).content.decode()
        assert reverse("applications:start", args=[call.slug]) in page
    with time_machine.travel(call.deadline + dt.timedelta(minutes=1)):
        page = client.get(call.get_absolute_url()).content.decode()
    assert "This call is closed." in page
    assert reverse("applications:start", args=[call.slug]) not in page


def test_word_limit_changed_in_the_admin_shows_in_the_form_summary(client, coordinator):
    call = CallFactory(word_limit=500)
    visitor = Client()
    assert "At most 500 words" in visitor.get(call.get_absolute_url()).content.decode()
    url = reverse("admin:calls_call_change", args=[call.pk])
    data = admin_form_data(client.get(url))
    data["word_limit"] = 300
    assert client.post(url, data).status_code == 302
    page = visitor.get(call.get_absolute_url()).content.decode()
    assert "At most 300 words" in page
    assert "At most 500 words" not in page
