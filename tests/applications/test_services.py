import datetime as dt
import threading
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.db import connection

from applications.forms import ApplicationForm
from applications.models import Application
from applications.services import (
    delete_draft,
    save_draft,
    submit_application,
    withdraw_application,
)
from applications.words import count_words
from consolidate.models import AuditEntry
from consolidate.refusals import Refused
from tests.factories import ApplicationFactory, CallFactory, ThemeFactory, UserFactory

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
pytestmark = pytest.mark.django_db


def answers(application, **changes):
    data = {
        "city": application.city,
        "country": application.country.code,
        "officer_name": application.officer_name,
        "department": application.department,
        "position": application.position,
        "phone": application.phone,
        "email": application.email,
        "expertise": application.expertise,
        "relevance": application.relevance,
        "themes": [theme.pk for theme in application.call.themes.all()],
        "challenge": application.challenge,
        "question": application.question,
    }
    data.update(changes)
    return data


def submit(application, **changes):
    form = ApplicationForm(
        answers(application, **changes),
        instance=application,
        call=application.call,
        for_submission=True,
    )
    assert form.is_valid(), form.errors
    return submit_application(
        form.save(commit=False), by=application.applicant, themes=form.cleaned_data["themes"]
    )


def test_submission_gives_readable_unique_references_in_order():
    call = CallFactory(
        reference_prefix="CHC", deadline=dt.datetime(2031, 6, 6, 17, tzinfo=BRUSSELS)
    )
    first = submit(ApplicationFactory(call=call))
    second = submit(ApplicationFactory(call=call))
    assert (first.reference, second.reference) == ("CHC-2031-001", "CHC-2031-002")
    assert first.state == Application.State.SUBMITTED


def test_submission_keeps_reference_and_records_each_version():
    application = submit(ApplicationFactory())
    reference = application.reference
    application = submit(application, question="A sharper question?")
    assert application.reference == reference
    versions = list(application.versions.values_list("number", "answers__question"))
    assert versions == [(1, "How do we start?"), (2, "A sharper question?")]


def test_submission_sends_confirmation_with_pdf_receipt(django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        submit(application)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert application.reference in message.subject
    assert application.applicant.email in message.to
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF")


def test_submission_needs_every_answer_and_a_theme():
    application = ApplicationFactory(city="", question="")
    form = ApplicationForm(
        answers(application, themes=[]),
        instance=application,
        call=application.call,
        for_submission=True,
    )
    assert not form.is_valid()
    assert set(form.errors) == {"city", "question", "themes"}


def test_submission_without_a_form_applies_the_same_rule():
    application = ApplicationFactory(city="", question="", call=CallFactory(word_limit=3))
    application.themes.clear()
    application.challenge = "one two three four"
    with pytest.raises(Refused) as refusal:
        submit_application(application, by=application.applicant)
    assert application.missing_answers() == ["city", "themes", "question"]
    assert len(refusal.value.problems) == 4
    assert "3 words or fewer (it has 4)" in refusal.value.problems[-1]
    application.refresh_from_db()
    assert (application.state, application.reference) == (Application.State.DRAFT, "")


def test_submission_of_a_complete_application_needs_no_form(django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        submit_application(application, by=application.applicant)
    application.refresh_from_db()
    assert application.state == Application.State.SUBMITTED and application.reference
    assert application.versions.count() == 1
    assert len(mail.outbox) == 1


def test_draft_saves_anything():
    application = ApplicationFactory.build(call=CallFactory(), applicant=UserFactory())
    form = ApplicationForm({"city": "Half-done"}, instance=application, call=application.call)
    assert form.is_valid(), form.errors
    saved = save_draft(
        form.save(commit=False), by=application.applicant, themes=form.cleaned_data["themes"]
    )
    assert saved.pk and saved.city == "Half-done" and saved.state == Application.State.DRAFT


@pytest.mark.parametrize(("words", "valid"), [(499, True), (500, True), (501, False)])
def test_word_limit_at_below_and_above(words, valid):
    application = ApplicationFactory(call=CallFactory(word_limit=500))
    text = " ".join(["word"] * words)
    form = ApplicationForm(
        answers(application, challenge=text),
        instance=application,
        call=application.call,
        for_submission=True,
    )
    assert form.is_valid() is valid
    if not valid:
        assert "500 words or fewer (it has 501)" in form.errors["challenge"][0]


def test_words_are_counted_between_any_whitespace():
    assert count_words("  one\ttwo\nthree  four\u00a0five ") == 5
    assert count_words("") == 0


def test_themes_outside_the_call_are_refused():
    application = ApplicationFactory()
    foreign = ThemeFactory()
    form = ApplicationForm(
        answers(application, themes=[foreign.pk]),
        instance=application,
        call=application.call,
        for_submission=True,
    )
    assert not form.is_valid()
    assert "themes" in form.errors


def test_nothing_is_accepted_one_second_after_the_deadline():
    deadline = dt.datetime(2031, 3, 28, 17, 0, tzinfo=BRUSSELS)
    with time_machine.travel(deadline - dt.timedelta(days=1), tick=False):
        application = ApplicationFactory(
            call=CallFactory(opens_at=deadline - dt.timedelta(days=30), deadline=deadline)
        )
    with time_machine.travel(deadline - dt.timedelta(seconds=1), tick=False):
        assert submit(application).state == Application.State.SUBMITTED
    with time_machine.travel(deadline, tick=False), pytest.raises(Refused):
        submit(application, question="Too late")
    application.refresh_from_db()
    assert application.question == "How do we start?"


def test_deadline_after_the_spring_clock_change_is_enforced_in_summer_time():
    # 2031-03-30 is the last Sunday of March: Brussels moves from UTC+1 to UTC+2 that night.
    deadline = dt.datetime(2031, 3, 31, 17, 0, tzinfo=BRUSSELS)
    assert deadline.utcoffset() == dt.timedelta(hours=2)
    with time_machine.travel(dt.datetime(2031, 3, 29, 12, tzinfo=dt.UTC), tick=False):
        application = ApplicationFactory(
            call=CallFactory(opens_at=deadline - dt.timedelta(days=30), deadline=deadline)
        )
    after = dt.datetime(2031, 3, 31, 15, 0, tzinfo=dt.UTC)
    with time_machine.travel(after, tick=False), pytest.raises(Refused):
        submit(application)
    with time_machine.travel(dt.datetime(2031, 3, 31, 14, 59, 59, tzinfo=dt.UTC), tick=False):
        assert submit(application).reference


def test_one_submitted_application_per_city_whatever_the_case_and_spaces():
    call = CallFactory()
    submit(ApplicationFactory(call=call, city="Lyon"))
    other = ApplicationFactory(call=call, city="Other")
    with pytest.raises(Refused, match="already been submitted"):
        submit(other, city="  lyon ")
    other.refresh_from_db()
    assert other.state == Application.State.DRAFT


def test_withdrawn_application_cannot_be_submitted_again():
    application = submit(ApplicationFactory())
    withdraw_application(application, by=application.applicant)
    assert application.state == Application.State.WITHDRAWN
    with pytest.raises(Refused):
        submit(application)


def test_withdrawal_frees_the_city_for_another_officer():
    call = CallFactory()
    lyon = submit(ApplicationFactory(call=call, city="Lyon"))
    withdraw_application(lyon, by=lyon.applicant)
    assert submit(ApplicationFactory(call=call, city="Lyon")).reference


@pytest.mark.django_db(transaction=True)
def test_two_officers_of_one_city_submitting_at_once_one_wins(postgres):
    call = CallFactory()
    applications = [ApplicationFactory(call=call, city="Lyon") for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def race(application):
        try:
            barrier.wait()
            outcomes.append(submit(application).reference)
        except Refused as refusal:
            outcomes.append(str(refusal))
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=[a]) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(outcome.startswith(call.reference_prefix) for outcome in outcomes) == 1
    assert any("already been submitted" in outcome for outcome in outcomes)
    assert Application.objects.submitted().filter(call=call).count() == 1


def test_a_loader_recreating_a_past_submission_is_held_to_the_deadline():
    deadline = dt.datetime(2031, 3, 28, 17, 0, tzinfo=BRUSSELS)
    with time_machine.travel(deadline - dt.timedelta(days=1), tick=False):
        application = ApplicationFactory(
            call=CallFactory(opens_at=deadline - dt.timedelta(days=30), deadline=deadline)
        )
    with time_machine.travel(deadline + dt.timedelta(days=90), tick=False):
        with pytest.raises(Refused):
            submit_application(application, by=application.applicant, at=deadline)
        before = deadline - dt.timedelta(seconds=1)
        application = submit_application(application, by=application.applicant, at=before)
    assert application.submitted_at == before and application.versions.get().submitted_at == before


def test_withdrawing_a_draft_is_refused_and_changes_nothing():
    draft = ApplicationFactory()
    with pytest.raises(Refused, match="delete it"):
        withdraw_application(draft, by=draft.applicant)
    draft.refresh_from_db()
    assert draft.state == Application.State.DRAFT and draft.withdrawn_at is None


def test_withdrawal_is_recorded_in_the_audit_trail():
    application = submit(ApplicationFactory())
    withdraw_application(application, by=application.applicant)
    entry = AuditEntry.objects.get(action="applications.withdraw")
    assert entry.actor == application.applicant
    assert entry.before["state"] == "submitted" and entry.after == {"state": "withdrawn"}


def test_deleting_a_draft_is_recorded_and_frees_the_officer_to_apply_again():
    draft = ApplicationFactory(city="Lyon")
    officer, call = draft.applicant, draft.call
    delete_draft(draft, by=officer)
    assert not Application.objects.filter(call=call, applicant=officer).exists()
    entry = AuditEntry.objects.get(action="applications.delete_draft")
    assert (entry.actor, entry.before["city"]) == (officer, "Lyon")
    assert submit(ApplicationFactory(call=call, applicant=officer, city="Lyon")).reference


def test_a_submitted_application_is_not_deleted():
    application = submit(ApplicationFactory())
    with pytest.raises(Refused, match="withdrawn"):
        delete_draft(application, by=application.applicant)
    assert Application.objects.filter(pk=application.pk).exists()
