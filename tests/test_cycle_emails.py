"""Every e-mail the whole cycle sends speaks for our site: links to SITE_URL, never a host from
a request, and names people by name or e-mail address, never by a generated user name."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from calls.models import Call
from notifications.models import Email
from reviews.notifications import queue_decisions
from visits.claims.models import LumpSumClaim
from visits.claims.notifications import KINDS, notify_host
from visits.tasks import send_quiet_visit_changes

pytestmark = pytest.mark.django_db
SITE = "https://calls.citieshelpingcities.eu"
HOSTS = ("127.0.0.1", "testserver", "localhost", "example.com")
ALLAUTH_DEFAULTS = ("Hello from", "because user", "Thank you for using")


@pytest.fixture
def cycle(settings, scan):
    settings.SITE_URL = SITE
    with open("/dev/null", "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    # allauth makes user names up ("new.officer.20261202032600"); the demo's are the addresses,
    # so the reminders below run with made-up ones.
    for user in get_user_model().objects.all():
        user.username = f"gen-user-{user.pk}"
        user.save(update_fields=["username"])
    for call in Call.objects.filter(decisions_released_at__isnull=False):
        queue_decisions(call)
    for claim in LumpSumClaim.objects.select_related("visit__application__call"):
        for state in KINDS:  # each step's e-mail to the host
            claim.state = state
            notify_host(claim, at=dt.datetime.now(dt.UTC))
    today = dt.datetime.now(dt.UTC)
    for days in range(-60, 200, 3):  # every reminder the year around the demo finds due
        scan(today + dt.timedelta(days=days))
    with time_machine.travel(today + dt.timedelta(hours=1)):  # the demo's teams are told
        send_quiet_visit_changes()
    return list(Email.objects.all()) + list(mail.outbox)


def test_every_email_of_the_cycle_links_to_our_site_and_names_no_user_name(cycle):
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert any(name.startswith("gen-user-") for name in usernames)
    kinds = {email.kind for email in cycle if isinstance(email, Email)}
    assert {"submission_confirmation", "decision", "claim_approved", "claim_paid",
            "reminder_review", "reminder_claim", "visit_changes"} <= kinds, kinds  # fmt: skip
    for email in cycle:
        text = f"{email.subject}\n{email.body}"
        for host in HOSTS:
            assert host not in re.sub(r"\S+@\S+", "", text), (email.subject, host)
        for phrase in ALLAUTH_DEFAULTS:
            assert phrase not in text, (email.subject, phrase)
        for name in usernames:
            if "@" not in name:
                assert name not in text, (email.subject, name)
        for link in re.findall(r"https?://\S+", email.body):
            assert link.startswith(SITE), (email.subject, link)


def test_no_email_template_names_a_user_by_user_name():
    from django.conf import settings

    folder = settings.SITE_DIR / "templates"
    for template in [*folder.glob("email/*.txt"), *folder.glob("account/email/*.txt"),
                     *folder.glob("mfa/email/*.txt")]:  # fmt: skip
        text = template.read_text()
        assert "username" not in text and "user_display" not in text, template.name
        assert not re.search(r"{{\s*user\s*}}", text), template.name
