"""An officer's whole cycle, then their "my data" download and their erasure."""

import json

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.db.models import Q
from django.urls import reverse

from notifications.models import Email
from people.services import erase_account
from reviews.models import Decision
from reviews.services import release_decisions
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    PastVisitFactory,
    UserFactory,
    claim_in,
    submitted,
)
from visits.models import LumpSumClaim

pytestmark = pytest.mark.django_db

IBAN = "NL91ABNA0417164300"
CONTACT = "ana.silva@porto.example.org"
PERSONAL = {"officer_name": "Ana Silva", "email": CONTACT, "phone": "+351 220 000 000"}


@pytest.fixture
def coordinator():
    return UserFactory(roles=["coordinator"], is_staff=True)


@pytest.fixture
def officer(coordinator, django_capture_on_commit_callbacks):
    """Applied twice; one city was selected, hosted its visit and was paid its lump sum."""
    with django_capture_on_commit_callbacks(execute=True):  # the e-mails are sent
        return cycle(UserFactory(roles=["applicant"], username="ana@example.org"), coordinator)


def cycle(officer, coordinator):
    submitted(ApplicationFactory(applicant=officer, city="Porto", **PERSONAL), number=1)
    visit = PastVisitFactory(
        application__applicant=officer, application__city="Porto",
        **{f"application__{name}": value for name, value in PERSONAL.items()},
    )  # fmt: skip
    Decision.objects.create(application=visit.application, call=visit.call, outcome="selected",
                            rationale="Clear challenge", decided_by=coordinator)  # fmt: skip
    release_decisions(visit.call, actor=coordinator)
    claim_in("paid", visit=visit, coordinator=coordinator, account_holder="Ana Silva",
             iban=IBAN, bic="ABNANL2A")  # fmt: skip
    return officer


@pytest.fixture
def other_host(coordinator):
    return claim_in("submitted", coordinator=coordinator).visit.application.applicant


def mail_of(user):
    return Email.objects.filter(user=user)


def download(client, user) -> dict:
    client.force_login(user)
    return client.get(reverse("people:my_data")).json()


def test_my_data_holds_the_officers_emails_and_bank_details(client, officer):
    data = download(client, officer)
    assert data["account"]["email"] == "ana@example.org"
    subjects = {email["subject"] for email in data["emails"]}
    assert subjects == set(mail_of(officer).values_list("subject", flat=True))
    assert {email["kind"] for email in data["emails"]} >= {
        "submission_confirmation",
        "decision",
        "claim_paid",
    }
    assert {email["state"] for email in data["emails"]} == {"sent"}
    # Two submission confirmations, the decision and 3 claim steps, each to the officer and to
    # the application's contact address.
    assert len(data["emails"]) == len(mail.outbox) == 2 * 6
    assert {email["recipient"] for email in data["emails"]} == {"ana@example.org", CONTACT}
    [claim] = data["claims"]
    assert (claim["account_holder"], claim["iban"], claim["state"]) == ("Ana Silva", IBAN, "paid")
    assert claim["expenses"][0]["amount"] == "120.00"
    assert [visit["city"] for visit in data["visits"]["hosted"]] == ["Porto"]
    assert [item["answers"]["officer_name"] for item in data["applications"]] == ["Ana Silva"] * 2


def test_another_person_gets_only_their_own_data(client, officer, other_host):
    text = json.dumps(download(client, other_host))
    assert IBAN not in text and "Ana Silva" not in text and CONTACT not in text
    assert "ana@example.org" not in text
    assert [claim["iban"] for claim in json.loads(text)["claims"]] == ["BE71096123456769"]


def test_erasure_removes_emails_bank_details_and_application_data(client, officer, other_host):
    sent = mail_of(officer).count()
    client.force_login(officer)
    client.post(reverse("people:delete_account"), {"password": PASSWORD})

    traces = Q(recipient__in=["ana@example.org", CONTACT]) | Q(body__contains="Ana Silva")
    assert not Email.objects.filter(traces).exists()
    assert mail_of(officer).count() == sent  # the log still counts them
    assert set(mail_of(officer).values_list("subject", "body")) == {("", "")}
    assert not LumpSumClaim.objects.filter(Q(iban=IBAN) | Q(account_holder="Ana Silva")).exists()
    paid = LumpSumClaim.objects.get(visit__application__applicant=officer)
    assert (paid.bic, paid.paid_amount) == ("", paid.approved_amount)  # amounts stay
    assert LumpSumClaim.objects.get(visit__application__applicant=other_host).iban  # not theirs
    applications = {a.call_id: a for a in officer.applications.select_related("decision")}
    kept = [a for a in applications.values() if hasattr(a, "decision")]
    erased = [a for a in applications.values() if not hasattr(a, "decision")]
    # The selected city's application stays for the grant's audit, as the delete page says.
    assert [a.officer_name for a in kept] == ["Ana Silva"]
    assert [(a.officer_name, a.email, a.phone, a.city) for a in erased] == [("", "", "", "Porto")]


def test_an_erased_account_cannot_log_in_and_holds_no_address(client, officer):
    client.force_login(officer)
    client.post(reverse("people:delete_account"), {"password": PASSWORD})
    officer.refresh_from_db()
    assert (officer.email, officer.is_active, officer.has_usable_password()) == ("", False, False)
    assert authenticate(username="ana@example.org", password=PASSWORD) is None
    client.post(reverse("account_login"), {"login": "ana@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("people:my_data")).status_code == 302


def test_an_email_not_sent_yet_is_never_sent_after_erasure(officer):
    waiting = Email.objects.create(kind="reminder_draft", recipient="ana@example.org",
                                   occasion="x", user=None, subject="Ana", body="Ana")  # fmt: skip
    erase_account(officer)
    waiting.refresh_from_db()
    assert (waiting.state, waiting.recipient) == ("failed", f"erased-{waiting.pk}")
