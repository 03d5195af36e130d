"""The scoring set-up of a call is frozen once a review is submitted: a change needs a
confirmation and a reason, shows the ranking before and after, and is in the audit trail."""

from decimal import Decimal

import pytest
from django.urls import reverse

from consolidate.models import AuditEntry
from tests.factories import UserFactory

from .conftest import make_applications, review_of

pytestmark = pytest.mark.django_db


def criterion_post(client, criterion, **changes):
    url = reverse("admin:calls_criterion_change", args=[criterion.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"levels-TOTAL_FORMS": 0, "levels-INITIAL_FORMS": 0}, **changes)
    return client.post(url, data)


@pytest.fixture
def scored(call, coordinator):
    """Two applications, ``strong`` first until the second criterion weighs three times more."""
    strong, weak = make_applications(call, 2)
    reviewer = UserFactory(roles=["reviewer"])
    review_of(strong, reviewer, [5, 1], actor=coordinator)
    review_of(weak, reviewer, [1, 4], actor=coordinator)
    return strong, weak


def test_a_weight_change_after_scoring_is_refused_without_confirmation(
    client, call, coordinator, scored
):
    strong, weak = scored
    client.force_login(coordinator)
    second = call.criteria.all()[1]

    response = criterion_post(client, second, weight="3")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Reviews of this call are already submitted" in page
    assert "I confirm this change after scoring started" in page
    # The ranking before and after, computed without saving: weak moves to the top.
    comparison = page.split("The ranking before and after this change")[-1].split("</table>")[0]
    assert comparison.index(weak.reference) < comparison.index(strong.reference)
    assert "13.00" in comparison and "6.00" in comparison
    second.refresh_from_db()
    assert second.weight == Decimal("1.00")
    assert not AuditEntry.objects.filter(action="calls.change_scoring").exists()


def test_a_confirmed_weight_change_is_saved_and_recorded_with_the_rankings(
    client, call, coordinator, scored
):
    strong, weak = scored
    client.force_login(coordinator)
    second = call.criteria.all()[1]

    without_reason = criterion_post(client, second, weight="3", confirm_scoring_change="on")
    assert "Give the reason" in without_reason.content.decode()
    response = criterion_post(
        client, second, weight="3", confirm_scoring_change="on",
        scoring_change_reason="The board asked for more weight on feasibility",
    )  # fmt: skip

    assert response.status_code == 302
    second.refresh_from_db()
    assert second.weight == Decimal("3.00")
    entry = AuditEntry.objects.about(call).get(action="calls.change_scoring")
    assert entry.subject == "The board asked for more weight on feasibility"
    assert entry.actor == coordinator
    assert [row["reference"] for row in entry.before["ranking"]] == [
        strong.reference,
        weak.reference,
    ]
    assert [(row["reference"], row["total"]) for row in entry.after["ranking"]] == [
        (weak.reference, "13.00"), (strong.reference, "8.00")
    ]  # fmt: skip
    assert entry.after["reason"] == entry.subject
    # The edit itself is in the trail as any edit is, without the confirmation's own fields.
    assert AuditEntry.objects.about(second).get(action="calls.change").subject == "weight"


def test_a_threshold_change_on_the_calls_page_after_scoring_needs_confirmation(
    client, call, coordinator, scored
):
    client.force_login(coordinator)
    url = reverse("admin:calls_call_change", args=[call.pk])
    data = call_data(client, url)
    data["total_threshold"] = "7"

    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "lowest weighted total that can be selected" in refused.content.decode()
    call.refresh_from_db()
    assert call.total_threshold is None

    data.update(confirm_scoring_change="on", scoring_change_reason="Raised by the board")
    assert client.post(url, data).status_code == 302
    call.refresh_from_db()
    assert call.total_threshold == Decimal("7.00")
    entry = AuditEntry.objects.about(call).get(action="calls.change_scoring")
    assert [row["selectable"] for row in entry.after["ranking"]] == [False, False]
    assert [row["selectable"] for row in entry.before["ranking"]] == [True, True]


def test_a_tie_break_change_in_the_calls_criteria_after_scoring_needs_confirmation(
    client, call, coordinator, scored
):
    client.force_login(coordinator)
    url = reverse("admin:calls_call_change", args=[call.pk])
    data = call_data(client, url)
    data["criteria-0-tie_break_rank"] = "1"
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "tie-break rank" in refused.content.decode()
    assert call.criteria.filter(tie_break_rank__isnull=False).count() == 0


def test_before_scoring_no_confirmation_is_asked(client, call, coordinator):
    make_applications(call, 2)
    client.force_login(coordinator)
    second = call.criteria.all()[1]
    page = client.get(reverse("admin:calls_criterion_change", args=[second.pk])).content
    assert b"I confirm this change" not in page

    response = criterion_post(client, second, weight="3")

    assert response.status_code == 302
    second.refresh_from_db()
    assert second.weight == Decimal("3.00")
    assert not AuditEntry.objects.filter(action="calls.change_scoring").exists()


def test_an_edit_that_leaves_the_scoring_alone_is_not_asked_to_confirm(
    client, call, coordinator, scored
):
    client.force_login(coordinator)
    second = call.criteria.all()[1]
    response = criterion_post(client, second, description="Clearer words")
    assert response.status_code == 302


def call_data(client, url) -> dict:
    """The call's page as the browser would post it back unchanged."""
    context = client.get(url).context
    data = {}
    form = context["adminform"].form
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or name in ("themes",) or name.startswith(("confirm", "scoring")):
            continue
        data.update(_widget_values(form, name, value))
    data["themes"] = [theme.pk for theme in form.instance.themes.all()]
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for inline_form in formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is not None:
                    data[inline_form.add_prefix(name)] = value
    return data


def _widget_values(form, name, value) -> dict:
    bound = form[name]
    widget = bound.field.widget
    if hasattr(widget, "widgets"):  # the admin's split date and time
        parts = widget.decompress(value)
        return {f"{name}_{n}": str(part or "") for n, part in enumerate(parts)}
    return {name: value}


def test_after_scoring_a_criterion_is_neither_added_nor_deleted_on_its_own_pages(
    client, call, coordinator, scored
):
    client.force_login(coordinator)
    count = call.criteria.count()
    add = client.post(reverse("admin:calls_criterion_add"), {
        "call": call.pk, "name": "Late criterion", "description": "Added after scoring.",
        "order": 9, "weight": "1", "levels-TOTAL_FORMS": 0, "levels-INITIAL_FORMS": 0,
    })  # fmt: skip
    assert add.status_code == 200
    assert "add the criterion on the call" in add.content.decode()
    first = call.criteria.first()
    delete = client.post(reverse("admin:calls_criterion_delete", args=[first.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert call.criteria.count() == count
