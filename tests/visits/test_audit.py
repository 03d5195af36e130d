"""Every decision a coordinator (or the host, submitting) takes on a visit or a claim leaves an
audit row saying who took it and what it changed."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from consolidate.models import AuditEntry
from tests.factories import UserFactory, claim_in
from tests.visits.conftest import FIRST_DAY, LAST_DAY, champion, expert
from tests.visits.test_admin import change_url, visit_form
from visits.claims.review import approve_claim, mark_expense, record_payment, request_changes
from visits.claims.services import submit_claim
from visits.services import (
    cancel_visit,
    complete_visit,
    confirm_visit,
    reopen_visit,
    schedule_visit,
    set_team,
)

pytestmark = pytest.mark.django_db


def entry(action: str, target) -> AuditEntry:
    """The one audit row of ``action`` about ``target``."""
    (found,) = AuditEntry.objects.about(target).by_action(action)
    return found


def test_setting_a_visit_team_is_audited_with_the_team_before_and_after(visit, labour):
    coordinator = UserFactory(roles=["coordinator"], is_staff=True)
    first, second = champion("Ana", "Madrid", [labour]), champion("Ben", "Bonn", [labour])

    set_team(visit, [first, second], expert(), actor=coordinator)

    row = entry("visits.team", visit)
    assert (row.actor, row.actor_label) == (coordinator, coordinator.email)
    assert row.before == {"team": []}
    assert {member["name"] for member in row.after["team"]} >= {"Ana", "Ben"}


def test_scheduling_a_visit_is_audited_with_its_dates(visit, coordinator):
    schedule_visit(visit, FIRST_DAY, actor=coordinator)

    row = entry("visits.dates", visit)
    assert row.actor == coordinator
    assert row.before == {"starts_on": None, "ends_on": None}
    assert row.after == {"starts_on": FIRST_DAY.isoformat(), "ends_on": LAST_DAY.isoformat()}


def test_confirming_reopening_cancelling_and_completing_are_audited(planned, coordinator):
    other = UserFactory(roles=["coordinator"], is_staff=True)

    confirm_visit(planned, actor=coordinator)
    reopen_visit(planned, actor=other)
    cancel_visit(planned, actor=coordinator)
    reopen_visit(planned, actor=coordinator)
    confirm_visit(planned, actor=other)
    with time_machine.travel(dt.datetime(2027, 3, 11, 16, 0, tzinfo=dt.UTC)):
        complete_visit(planned, actor=coordinator)

    moves = [
        (row.action, row.actor, row.before["state"], row.after["state"])
        for row in AuditEntry.objects.about(planned).exclude(action__in=["visits.team",
                                                                          "visits.dates"])
        .order_by("pk")
    ]  # fmt: skip
    assert moves == [
        ("visits.confirm", coordinator, "planning", "confirmed"),
        ("visits.reopen", other, "confirmed", "planning"),
        ("visits.cancel", coordinator, "planning", "cancelled"),
        ("visits.reopen", coordinator, "cancelled", "planning"),
        ("visits.confirm", other, "planning", "confirmed"),
        ("visits.complete", coordinator, "confirmed", "done"),
    ]


def test_cancelling_in_the_admin_is_audited(client, planned, coordinator):
    client.force_login(coordinator)

    client.post(reverse("admin:visits_state", args=[planned.pk]), {"state": "cancelled"})

    row = entry("visits.cancel", planned)
    assert (row.actor, row.before, row.after) == (
        coordinator,
        {"state": "planning"},
        {"state": "cancelled"},
    )


def test_submitting_a_claim_is_audited_as_the_host(coordinator):
    claim = claim_in("draft")
    host = claim.visit.application.applicant

    submit_claim(claim, by=host)

    row = entry("claims.submit", claim)
    assert row.actor == host
    assert row.before == {"state": "draft"}
    assert row.after["state"] == "submitted" and row.after["cap"] == str(claim.call.lump_sum)


def test_marking_a_line_ineligible_then_eligible_is_audited(coordinator):
    claim = claim_in("submitted", coordinator=coordinator)
    line = claim.lines.get()

    mark_expense(line, eligible=False, reason="Drinks are not eligible.", by=coordinator)
    mark_expense(line, eligible=True, by=coordinator)

    rows = AuditEntry.objects.about(line).by_action("claims.line_eligibility").order_by("pk")
    assert [(row.actor, row.before, row.after) for row in rows] == [
        (
            coordinator,
            {"eligible": True, "reason": ""},
            {"eligible": False, "reason": "Drinks are not eligible."},
        ),
        (
            coordinator,
            {"eligible": False, "reason": "Drinks are not eligible."},
            {"eligible": True, "reason": ""},
        ),
    ]


def test_requesting_changes_is_audited_with_the_message(coordinator):
    claim = claim_in("submitted", coordinator=coordinator)

    request_changes(claim, message="Please add the hotel bill.", by=coordinator)

    row = entry("claims.request_changes", claim)
    assert (row.actor, row.before) == (coordinator, {"state": "submitted"})
    assert row.after == {"state": "changes_requested", "message": "Please add the hotel bill."}


def test_approving_and_paying_a_claim_are_audited_with_the_amounts(coordinator):
    claim = claim_in("submitted", coordinator=coordinator)

    claim = approve_claim(claim, by=coordinator)
    paid_on = timezone.localdate()
    record_payment(claim, paid_on=paid_on, amount=claim.approved_amount, reference="PAY-7",
                   by=coordinator)  # fmt: skip

    approved = entry("claims.approve", claim)
    assert (approved.actor, approved.before) == (coordinator, {"state": "submitted"})
    assert approved.after == {"state": "approved", "amount": str(claim.approved_amount)}
    paid = entry("claims.pay", claim)
    assert (paid.actor, paid.before) == (coordinator, {"state": "approved"})
    assert paid.after == {"state": "paid", "paid_on": paid_on.isoformat(),
                          "amount": str(claim.approved_amount), "reference": "PAY-7"}  # fmt: skip


def test_approving_in_the_admin_is_audited(client, coordinator):
    claim = claim_in("submitted", coordinator=coordinator)
    client.force_login(coordinator)

    client.post(
        reverse("admin:visits_lumpsumclaim_change", args=[claim.pk]),
        {"action": "approve", "seen_version": claim.version},
    )

    row = entry("claims.approve", claim)
    assert (row.actor, row.before["state"], row.after["state"]) == (
        coordinator,
        "submitted",
        "approved",
    )


def test_changing_the_dates_in_the_admin_is_audited(client, visit, coordinator):
    client.force_login(coordinator)

    client.post(change_url(visit), visit_form(starts_on=FIRST_DAY.isoformat()))

    row = entry("visits.dates", visit)
    assert (row.actor, row.before) == (coordinator, {"starts_on": None, "ends_on": None})
    assert row.after == {"starts_on": FIRST_DAY.isoformat(), "ends_on": LAST_DAY.isoformat()}
