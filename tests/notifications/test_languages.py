"""Every e-mail in its reader's language: subject, body, links and the attachment sent with it."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader

from notifications.models import Email
from notifications.services import deliver
from people.preferences import remember
from tests.factories import ApplicationFactory, CallFactory, UserFactory, submitted
from tests.notifications.test_reminders import at

pytestmark = pytest.mark.django_db
DEADLINE = dt.datetime(2031, 3, 11, 16, 0, tzinfo=dt.UTC)  # a Tuesday in March


def subject_in(language: str, template: str, **context) -> str:
    with translation.override(language):
        return render_to_string(f"email/{template}_subject.txt", context).strip()


def officer_reading(language: str):
    officer = UserFactory(roles=["applicant"])
    remember(officer, language=language)
    return officer


@pytest.fixture
def call():
    return CallFactory(opens_at=DEADLINE - dt.timedelta(days=60), deadline=DEADLINE)


def test_each_officer_gets_the_draft_reminder_in_their_own_language(scan, call):
    readers = {"fr": officer_reading("fr"), "it": officer_reading("it"), "en": UserFactory()}
    for officer in readers.values():
        ApplicationFactory(call=call, applicant=officer)
    assert scan(at(1, DEADLINE)) == 3
    sent = {message.to[0]: message for message in mail.outbox}
    words = {"fr": "mardi 11 mars 2031", "it": "martedì 11 marzo 2031",
             "en": "Tuesday 11 March 2031"}  # fmt: skip
    for language, officer in readers.items():
        message = sent[officer.email]
        assert words[language] in message.body, language
        assert f"/?lang={language}\n" in message.body
        assert message.subject == subject_in(language, "reminder_draft", call=call)
        assert Email.objects.get(recipient=officer.email).language == language


def test_the_confirmation_and_its_receipt_are_in_the_officers_language(
    call, django_capture_on_commit_callbacks
):
    officer = officer_reading("es")
    with (
        time_machine.travel(dt.datetime(2031, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        application = submitted(ApplicationFactory(call=call, applicant=officer))
    (message,) = mail.outbox
    email = Email.objects.get()
    assert email.language == "es"
    assert message.subject == subject_in(
        "es", "submission_confirmation", application=application, call=call
    )
    assert "11 de marzo de 2031" in message.body
    receipt = PdfReader(io.BytesIO(message.attachments[0][1]))
    assert receipt.trailer["/Root"]["/Lang"] == "es"
    assert "2 de marzo de 2031" in "".join(page.extract_text() for page in receipt.pages)


def test_the_worker_renders_the_attachment_in_the_emails_language_not_its_own(
    call, django_capture_on_commit_callbacks
):
    officer = officer_reading("de")
    with django_capture_on_commit_callbacks(execute=False):
        submitted(ApplicationFactory(call=call, applicant=officer))
    email = Email.objects.get()
    with translation.override("en"):  # whatever the worker's own language
        deliver(email)
    receipt = PdfReader(io.BytesIO(mail.outbox[0].attachments[0][1]))
    assert receipt.trailer["/Root"]["/Lang"] == "de"


def test_a_person_who_never_chose_gets_the_sites_language(scan, call):
    ApplicationFactory(call=call, applicant=UserFactory())
    scan(at(1, DEADLINE))
    assert Email.objects.get().language == "en"
    assert "Tuesday 11 March 2031" in mail.outbox[0].body


def test_a_reviewer_is_reminded_in_their_language(scan):
    from reviews.services import assign_reviewer

    call = CallFactory(
        opens_at=DEADLINE - dt.timedelta(days=60),
        deadline=DEADLINE - dt.timedelta(days=20),
        review_deadline=DEADLINE,
    )
    reviewer = UserFactory(roles=["reviewer"], is_staff=True)
    remember(reviewer, language="de")
    with time_machine.travel(DEADLINE - dt.timedelta(days=30), tick=False):
        application = submitted(ApplicationFactory(call=call))
    assign_reviewer(application, reviewer, actor=UserFactory())
    mail.outbox.clear()
    scan(at(1, DEADLINE))
    (message,) = [m for m in mail.outbox if m.to == [reviewer.email]]
    assert message.subject == subject_in("de", "reminder_review", call=call, count=1)
    assert "?lang=de#call-" in message.body
    assert Email.objects.get(recipient=reviewer.email).language == "de"


def test_account_emails_follow_the_stored_language_and_link_in_it(client):
    officer = officer_reading("fr")
    client.post("/accounts/password/reset/", {"email": officer.email}, HTTP_ACCEPT_LANGUAGE="en")
    (message,) = mail.outbox
    assert "?lang=fr" in message.body
    with translation.override("fr"):
        expected = translation.gettext("Reset your password")
    assert message.subject == f"[Cities Helping Cities] {expected}"
