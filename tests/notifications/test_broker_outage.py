"""E-mails the broker could not take are due at the very next sweep."""

import pytest
from django.db import transaction

from consolidate.celery import app
from notifications.models import Email
from notifications.services import Message, queue_emails
from notifications.tasks import send_pending_emails
from tests.faults.processes import free_port
from tests.notifications.test_worker import use_broker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker_down():
    previous = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.update(task_always_eager=False, broker_transport_options={})
    use_broker(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    yield
    app.conf.task_always_eager = previous[1]
    use_broker(previous[0])


def test_an_email_the_broker_missed_is_due_at_once_not_after_a_minute(broker_down):
    with transaction.atomic():
        queue_emails([Message(kind="test", recipient="a@example.org", occasion="x",
                              subject="Hello", body="Body")])  # fmt: skip
    email = Email.objects.get()
    assert email.state == Email.State.PENDING and email.next_attempt_at is not None
    assert send_pending_emails() == 1  # handed on again by the sweep that comes next
