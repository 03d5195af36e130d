import pytest
from django.urls import reverse

from calls.models import Call
from consolidate.models import AuditEntry
from tests.factories import CallFactory, CriterionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    client.force_login(UserFactory(roles=["coordinator"], is_staff=True))


def test_coordinator_edits_call_criteria_and_levels(client, coordinator):
    call = CallFactory()
    criterion = CriterionFactory(call=call)
    for url in [
        reverse("admin:calls_call_change", args=[call.pk]),
        reverse("admin:calls_criterion_change", args=[criterion.pk]),
        reverse("admin:calls_theme_add"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'type="submit"' in response.content.decode(), url


def test_coordinator_publishes_a_draft_call(client, coordinator):
    call = CallFactory(state=Call.State.DRAFT)
    url = reverse("admin:calls_call_change", args=[call.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("themes",)
    }
    data.update(
        state="published",
        themes=[t.pk for t in call.themes.all()],
        opens_at_0=call.opens_at.strftime("%Y-%m-%d"),
        opens_at_1="09:00:00",
        deadline_0=call.deadline.strftime("%Y-%m-%d"),
        deadline_1="17:00:00",
    )
    for prefix in ("sections", "criteria", "cost_categories", "contacts"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    call.refresh_from_db()
    assert call.state == Call.State.PUBLISHED
    entry = AuditEntry.objects.about(call).get(action="calls.publish")
    assert entry.before["state"] == "draft" and entry.after["state"] == "published"
    assert entry.actor.groups.filter(name="coordinator").exists()


def test_a_criterions_weight_edit_is_in_the_audit_trail(client, coordinator):
    criterion = CriterionFactory(weight=1)
    url = reverse("admin:calls_criterion_change", args=[criterion.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(weight="2", **{"levels-TOTAL_FORMS": 0, "levels-INITIAL_FORMS": 0})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.about(criterion).get(action="calls.change")
    assert entry.subject == "weight"
    assert (entry.before["weight"], entry.after["weight"]) == ("1.00", "2")


def test_reviewers_cannot_change_calls(client):
    client.force_login(UserFactory(roles=["reviewer"], is_staff=True))
    call = CallFactory()
    response = client.post(reverse("admin:calls_call_change", args=[call.pk]), {"title": "x"})
    assert response.status_code == 403
