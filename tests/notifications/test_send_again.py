"""A coordinator sends an interrupted or failed e-mail again; the outbox never does it alone."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:notifications_email_changelist")


def email(state, number=1):
    return Email.objects.create(kind="test", recipient=f"person{number}@example.org",
                                occasion=str(number), subject="Hello", body="Body",
                                state=state)  # fmt: skip


def send_again(client, *emails):
    return client.post(
        CHANGELIST,
        {"action": "send_selected_again", "_selected_action": [e.pk for e in emails]},
        follow=True,
    )


def test_coordinator_sends_an_interrupted_email_again_and_it_goes_once(
    client, django_capture_on_commit_callbacks
):
    interrupted, sent = email(Email.State.SENDING, 1), email(Email.State.SENT, 2)
    client.force_login(UserFactory(roles=["coordinator"], is_staff=True))

    with django_capture_on_commit_callbacks(execute=True):
        page = send_again(client, interrupted, sent).content.decode()

    assert "1 e-mail will be sent again." in page
    assert "1 e-mail was left alone: it is sent or still waiting." in page
    interrupted.refresh_from_db()
    assert interrupted.state == Email.State.SENT
    assert [message.to for message in mail.outbox] == [["person1@example.org"]]


def test_a_reviewer_cannot_send_an_email_again(client):
    failed = email(Email.State.FAILED)
    client.force_login(UserFactory(roles=["reviewer"], is_staff=True))
    response = client.get(CHANGELIST)
    assert response.status_code in (200, 403)
    assert "send_selected_again" not in response.content.decode()
    send_again(client, failed)
    failed.refresh_from_db()
    assert failed.state == Email.State.FAILED and not mail.outbox
