"""What the fault tests arrange inside the application's database, run as the application.

``python -m tests.faults.scenario officers N`` makes an open call and N officers, each with a
complete draft and a logged-in session, and prints them as JSON. ``python -m
tests.faults.scenario outbox N STALL`` queues N e-mails in one transaction, the STALL-th (from 1)
to the address the test's SMTP server does not answer. ``python -m tests.faults.scenario
resend`` sends the interrupted e-mails again, as a coordinator does in the admin.
"""

import json
import sys

import django


def officers(count: int) -> dict:
    from django.test import Client

    from tests.applications.test_views import form_data
    from tests.factories import ApplicationFactory, CallFactory, ThemeFactory, UserFactory

    call = CallFactory(themes=[ThemeFactory(name="Housing autonomy", slug="housing")])
    people = []
    for number in range(1, count + 1):
        officer = UserFactory(roles=["applicant"], username=f"officer{number}@example.org")
        city = f"Town {number}"
        ApplicationFactory(call=call, applicant=officer, city=city, country="FR")
        client = Client()
        client.force_login(officer)
        data = form_data(call, action="submit", city=city, email=f"desk{number}@example.org")
        people.append({"email": officer.email, "session": client.cookies["sessionid"].value,
                       "form": data})  # fmt: skip
    return {"path": f"/applications/{call.slug}/", "officers": people}


def outbox(count: int, stall: int) -> list[int]:
    from django.db import transaction

    from notifications.services import Message, queue_emails

    def address(number):
        return "stall@example.org" if number == stall else f"person{number}@example.org"

    with transaction.atomic():
        return queue_emails(
            Message(
                kind="fault_test",
                recipient=address(number),
                occasion="batch",
                subject=f"Message {number}",
                body="A message of the batch.",
            )  # fmt: skip
            for number in range(1, count + 1)
        )


def resend() -> list[int]:
    """A coordinator's decision: every interrupted e-mail sent once more."""
    from notifications.models import Email
    from notifications.services import send_again

    interrupted = Email.objects.filter(state=Email.State.SENDING).values_list("pk", flat=True)
    return send_again(interrupted, by=None)


if __name__ == "__main__":
    django.setup()
    command, *numbers = sys.argv[1:]
    result = {"officers": officers, "outbox": outbox, "resend": resend}[command](*map(int, numbers))
    print(json.dumps(result))
