import pytest

from notifications import personal_data
from notifications.models import Email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def email_to(person, **fields):
    return Email.objects.create(
        **{"kind": "reminder_draft", **fields}, recipient=person.email, occasion="call:1",
        subject="Hello Ana", body="Dear Ana", state=Email.State.SENT,
    )  # fmt: skip


def test_emails_are_found_by_account_or_by_address():
    ana, other = UserFactory(), UserFactory()
    email_to(ana, user=ana)
    email_to(ana, kind="decision")  # to her address, with no account named
    email_to(other)
    assert [email["kind"] for email in personal_data.export(ana)] == ["reminder_draft", "decision"]


def test_two_people_erased_keep_their_emails_apart():
    first, second = UserFactory(), UserFactory()
    email_to(first)
    email_to(second)
    personal_data.erase(first)
    personal_data.erase(second)  # same kind and occasion: the recipients must stay unique
    assert Email.objects.filter(subject="").count() == 2
    assert not Email.objects.filter(recipient__in=[first.email, second.email]).exists()
    assert Email.objects.filter(state=Email.State.SENT).count() == 2  # what was sent stays sent
