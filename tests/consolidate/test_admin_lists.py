"""The change lists' rows written in Python are the admin's own, cell for cell."""

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import items_for_result
from django.urls import reverse

from applications.models import Application
from consolidate.admin_lists import RowUrl, result_rows
from reviews.services import assign_reviewer
from tests.factories import ApplicationFactory, CallFactory, UserFactory, submitted

pytestmark = pytest.mark.django_db


def admins_rows(cl) -> list[str]:
    return ["".join(items_for_result(cl, obj, None)) for obj in cl.result_list]


def changelist(model_admin, rf, user, **query):
    request = rf.get("/", query)
    request.user = user
    cl = model_admin.get_changelist_instance(request)
    cl.formset = None  # as changelist_view sets it for a list that is not editable
    return cl


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def applications():
    call = CallFactory(title="Spring <call> & more")
    typed = [
        {"city": "<script>alert(1)</script>", "officer_name": 'O\'Brien & "Sons"'},
        {"city": "Graz", "country": "AT"},
        {"city": "Lyon", "country": "FR"},
    ]
    made = [
        submitted(ApplicationFactory(call=call, **fields), number=number)
        for number, fields in enumerate(typed, start=1)
    ]
    made[2].withdraw()
    # Empty and blank values, as older data may hold them (submission asks for an answer).
    Application.objects.filter(pk=made[1].pk).update(officer_name="   ")
    Application.objects.filter(pk=made[2].pk).update(officer_name="")
    return made


def test_application_rows_equal_the_admins_with_empty_values_and_escaping(
    rf, superuser, applications
):
    model_admin = admin.site._registry[Application]
    cl = changelist(model_admin, rf, superuser, call__id__exact=applications[0].call_id)
    rows = result_rows(cl)
    assert rows == admins_rows(cl)
    assert len(rows) == 3
    page = "".join(rows)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count('<td class="field-officer_name">-</td>') == 2
    assert f"/{applications[0].pk}/change/" in page


def test_rows_of_other_column_kinds_equal_the_admins(rf, superuser, applications):
    class EveryKind(admin.ModelAdmin):
        list_display = ["city", "number", "submitted_at", "withdrawn_at", "state", "call",
                        "email", "is_withdrawn", "reference"]  # fmt: skip
        list_display_links = ["reference"]

        @admin.display(boolean=True)
        def is_withdrawn(self, application):
            return application.withdrawn_at is not None

    cl = changelist(EveryKind(Application, admin.site), rf, superuser)
    rows = result_rows(cl)
    assert rows == admins_rows(cl)
    assert len(rows) == 3
    assert all('<th class="field-reference"><a href=' in row for row in rows)
    assert sum('<td class="field-withdrawn_at nowrap">-</td>' in row for row in rows) == 2


def test_reviewers_queue_rows_equal_the_admins(rf, applications):
    from reviews.models import Review

    coordinator = UserFactory(roles=["coordinator"], is_staff=True)
    reviewer = UserFactory(roles=["reviewer"], is_staff=True)
    for application in applications[:2]:
        assign_reviewer(application, reviewer, actor=coordinator)
    cl = changelist(admin.site._registry[Review], rf, reviewer)
    rows = result_rows(cl)
    assert len(rows) == 2
    assert rows == admins_rows(cl)


def test_an_editable_list_is_left_to_the_admin(rf, superuser, applications):
    class Editable(admin.ModelAdmin):
        list_display = ["reference", "city"]
        list_editable = ["city"]

    cl = changelist(Editable(Application, admin.site), rf, superuser)
    cl.formset = object()  # as changelist_view sets it for an editable list
    assert result_rows(cl) is None


def test_row_url_is_the_reversed_url_of_each_object():
    url = RowUrl("admin:applications_application_change")
    assert url(42) == reverse("admin:applications_application_change", args=[42])


@pytest.mark.parametrize(
    "query", [{}, {"state": "submitted"}, {"_facets": "True", "country": "AT"}, {"q": "<&>"}]
)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_filter_written_in_python_is_the_admins_template(
    rf, superuser, applications, query, language
):
    from django.contrib.admin.templatetags.admin_list import admin_list_filter
    from django.utils.translation import override

    from consolidate.templatetags.quick_admin_list import quick_list_filter

    CallFactory(title="Autumn <b> & co")  # two calls: the calls' filter is shown
    model_admin = admin.site._registry[Application]
    with override(language):
        cl = changelist(model_admin, rf, superuser, **query)
        assert len(cl.filter_specs) == 4
        for spec in cl.filter_specs:
            assert quick_list_filter(cl, spec) == admin_list_filter(cl, spec)
        written = "".join(quick_list_filter(cl, spec) for spec in cl.filter_specs)
    assert "Spring &lt;call&gt; &amp; more" in written and "Autumn &lt;b&gt; &amp; co" in written
    assert ("Par " if language == "fr" else " By ") in written


def test_the_change_list_loads_the_filters_written_in_python(admin_client, applications):
    page = admin_client.get(reverse("admin:applications_application_changelist")).content
    assert page.count(b'<details data-filter-title="') >= 3
