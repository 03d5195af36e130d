"""The release: refused with every reason listed, recorded, closing the call for good."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from applications.models import Application
from applications.services import save_draft, submit_application, withdraw_application
from calls.models import Call
from consolidate.models import AuditEntry
from consolidate.refusals import Refused
from reviews.letters import release_problems
from reviews.pdf import render_decision_letter
from reviews.services import (
    assign_reviewer,
    declare_conflict,
    record_consensus,
    record_decision,
    release_decisions,
    save_scores,
)
from tests.factories import ApplicationFactory, UserFactory
from tests.reviews.conftest import close, make_applications, review_of, score
from visits.models import Visit

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def decided(call, reviewer, coordinator, count=2):
    """``count`` applications, reviewed with comments and decided (the first selected)."""
    applications = make_applications(call, count)
    for position, application in enumerate(applications):
        review_of(application, reviewer, [4, 4], actor=coordinator)
        outcome = "selected" if position == 0 else "not_selected"
        record_decision(application, outcome=outcome, rationale="Because", actor=coordinator)
    return applications


def refusal_of(call, coordinator) -> list[str]:
    with pytest.raises(Refused) as refused:
        release_decisions(call, actor=coordinator)
    call.refresh_from_db()
    assert not call.decisions_released
    assert not AuditEntry.objects.about(call).by_action("reviews.release").exists()
    return refused.value.problems


# --- Guards


def test_release_is_refused_while_the_call_is_open(call, reviewer, coordinator):
    decided(call, reviewer, coordinator)

    problems = refusal_of(call, coordinator)

    assert problems == [
        "The call is still open: it takes applications until its deadline. Decisions can be "
        "released once it has closed."
    ]


def test_release_is_refused_listing_each_undecided_application(call, reviewer, coordinator):
    first, second, third = make_applications(call, 3)
    for application in (first, second, third):
        review_of(application, reviewer, [3, 3], actor=coordinator)
    record_decision(second, outcome="not_selected", rationale="Vague", actor=coordinator)
    close(call)

    problems = refusal_of(call, coordinator)

    assert problems == [
        f"{first.reference} (City 1): no decision yet.",
        f"{third.reference} (City 3): no decision yet.",
    ]


def test_release_is_refused_while_a_letter_would_lack_a_comment_or_a_score(
    call, reviewer, coordinator
):
    first, second = make_applications(call, 2)
    silent, named = call.criteria.all()
    # The first: scored, but nobody commented on the first criterion.
    review = score(assign_reviewer(first, reviewer, actor=coordinator), [4, 4], submit=False)
    save_scores(review, {silent.pk: (Decimal(4), " "), named.pk: (Decimal(4), "Clear")},
                submit=True)  # fmt: skip
    # The second: no score at all yet (a coordinator decided on the panel's word only).
    record_consensus(second, named, None, "Discussed", actor=coordinator)
    for application in (first, second):
        record_decision(application, outcome="not_selected", rationale="x", actor=coordinator)
    close(call)

    problems = refusal_of(call, coordinator)

    assert problems == [
        f"{first.reference} (City 1): no comment on “{silent.name}”.",
        f"{second.reference} (City 2): no score on “{silent.name}”, “{named.name}”.",
        f"{second.reference} (City 2): no comment on “{silent.name}”.",
    ]
    record_consensus(first, silent, None, "The panel found it concrete", actor=coordinator)
    assert [problem.application for problem in release_problems(call)] == [second] * 2


def test_release_lists_every_reason_at_once(call, reviewer, coordinator):
    (application,) = make_applications(call, 1)

    problems = refusal_of(call, coordinator)

    assert len(problems) == 2
    assert "still open" in problems[0]
    assert problems[1] == f"{application.reference} (City 1): no decision yet."


# --- What a release does


def test_release_records_the_release_and_the_call_closing_for_good(call, reviewer, coordinator):
    first, _second = decided(call, reviewer, coordinator)
    close(call)

    release_decisions(call, actor=coordinator)

    released = AuditEntry.objects.about(call).by_action("reviews.release").get()
    assert released.actor == coordinator and released.before == {"released_at": None}
    assert released.after["released_at"] and released.after["selected"] == [first.reference]
    phase = AuditEntry.objects.about(call).by_action("calls.phase").get()
    assert phase.actor == coordinator
    assert (phase.before, phase.after) == ({"phase": "closed"}, {"phase": "released"})
    with pytest.raises(Refused, match="released already"):
        release_decisions(call, actor=coordinator)


def test_a_released_call_takes_nothing_more_even_if_its_deadline_moves(
    client, call, reviewer, coordinator
):
    decided(call, reviewer, coordinator)
    draft = ApplicationFactory(call=call, city="Late City")
    close(call)
    release_decisions(call, actor=coordinator)
    call.refresh_from_db()
    call.deadline = timezone.now() + dt.timedelta(days=30)  # a coordinator extends it
    call.save(update_fields=["deadline"])

    assert call.phase() == Call.Phase.RELEASED and not call.is_open()
    assert not Call.objects.open().filter(pk=call.pk).exists()
    submitted_one = Application.objects.submitted().filter(call=call).first()
    for write in (
        lambda: submit_application(draft, by=draft.applicant),
        lambda: save_draft(draft, by=draft.applicant),
        lambda: withdraw_application(submitted_one, by=submitted_one.applicant),
    ):
        with pytest.raises(Refused, match="released"):
            write()

    newcomer = UserFactory(roles=["applicant"])
    client.force_login(newcomer)
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Apply for peer support" not in page and "Decisions released" in page
    data = {"action": "submit", "city": "Lyon", "country": "FR", "officer_name": "Ana"}
    answer = client.post(reverse("applications:edit", args=[call.slug]), data, follow=True)
    assert "no longer accepts applications" in answer.content.decode()
    assert not Application.objects.filter(applicant=newcomer).exists()

    client.force_login(draft.applicant)
    client.post(reverse("applications:edit", args=[call.slug]), {**data, "city": "Changed"})
    autosave = client.post(reverse("applications:autosave", args=[call.slug]), data)
    assert autosave.status_code == 409 and "released" in json.loads(autosave.content)["error"]
    draft.refresh_from_db()
    assert (draft.state, draft.city, draft.reference) == ("draft", "Late City", "")


def test_round_phase_follows_the_visits_after_the_release(call, reviewer, coordinator):
    decided(call, reviewer, coordinator)
    close(call)
    assert call.round_phase() == Call.Phase.CLOSED
    release_decisions(call, actor=coordinator)
    call.refresh_from_db()

    assert call.round_phase() == Call.Phase.RELEASED  # the visit is being planned
    visit = Visit.objects.get()
    visit.state = Visit.State.CONFIRMED
    visit.save()
    assert call.round_phase() == Call.Phase.VISITS
    visit.state = Visit.State.DONE
    visit.save()
    assert call.round_phase() == Call.Phase.DONE


# --- The release page


def test_release_page_lists_the_checks_before_the_click_and_disables_the_button(
    client, call, reviewer, coordinator
):
    first, second = make_applications(call, 2)
    review_of(first, reviewer, [4, 4], actor=coordinator)
    record_decision(first, outcome="selected", rationale="Strong", actor=coordinator)
    client.force_login(coordinator)
    url = reverse("admin:reviews_release", args=[call.pk])

    page = client.get(url).content.decode()

    assert "still open" in page
    assert f"{second.reference} (City 2): no decision yet." in page
    assert reverse("admin:reviews_decide", args=[second.pk]) in page
    assert 'disabled aria-describedby="release-problems"' in page
    refused = client.post(url)
    assert refused.status_code == 409 and "no decision yet" in refused.content.decode()
    call.refresh_from_db()
    assert not call.decisions_released

    review_of(second, reviewer, [2, 2], actor=coordinator)
    record_decision(second, outcome="not_selected", rationale="Vague", actor=coordinator)
    close(call)
    page = client.get(url).content.decode()
    assert "All checks pass. Outcomes to release:" in page and "disabled" not in page
    assert "Selected: 1" in page and "Not selected: 1" in page
    assert client.post(url).status_code == 302
    call.refresh_from_db()
    assert call.decisions_released


# --- The letter keeps the e-mail's promise


def test_letter_prints_the_scores_and_anonymised_comments_of_the_reviews(
    call, coordinator, django_capture_on_commit_callbacks
):
    first_criterion, second_criterion = call.criteria.all()
    (application,) = make_applications(call, 1)
    reviewers = [
        UserFactory(roles=["reviewer"], first_name=name, last_name="Reviewing")
        for name in ("Ada", "Bruno", "Chiara")
    ]
    comments = {}
    for reviewer, values in zip(reviewers, [(3, 4), (4, 5), (3.5, 2)], strict=True):
        review = declare_conflict(
            assign_reviewer(application, reviewer, actor=coordinator), conflict=False
        )
        comments[reviewer] = (f"{reviewer.first_name} on one", f"{reviewer.first_name} on two")
        save_scores(
            review,
            {
                first_criterion.pk: (Decimal(str(values[0])), comments[reviewer][0]),
                second_criterion.pk: (Decimal(str(values[1])), comments[reviewer][1]),
            },
            submit=True,
        )  # fmt: skip
    record_consensus(
        application, second_criterion, Decimal(4), "The panel agreed on 4", actor=coordinator
    )
    record_decision(application, outcome="selected", rationale="Strong", actor=coordinator)
    close(call)
    with django_capture_on_commit_callbacks(execute=True):
        release_decisions(call, actor=coordinator)

    letter = pdf_text(render_decision_letter(Application.objects.get(pk=application.pk)))

    assert "3.50 / 5" in letter  # the mean of 3, 4 and 3.5 on the first criterion
    assert "the mean of 3 reviewers" in letter
    assert "4.00 / 5" in letter and "the panel's consensus" in letter
    assert "The panel agreed on 4" in letter
    flat = " ".join(letter.split())
    for letter_name, reviewer in zip("ABC", reviewers, strict=True):
        for comment in comments[reviewer]:
            assert f"Reviewer {letter_name} {comment}" in flat, comment
    for reviewer in reviewers:
        assert reviewer.email not in letter and "Reviewing" not in letter
    assert "Reviewer D" not in letter
    body = mail.outbox[0].body
    assert "Reviewer A" in body and "mean of the reviewers' scores" in body
