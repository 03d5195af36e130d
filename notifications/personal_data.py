"""The e-mails the platform sent a person, for "my data" (see people.services)."""

from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext

from .models import Email

FIELDS = ("kind", "recipient", "subject", "body", "state", "created_at", "sent_at")


def emails_of(user):
    """Their e-mails: sent to their account, or to its address (a reminder to an application's
    officer may name no account)."""
    mine = Q(user=user)
    if user.email:
        mine |= Q(recipient__iexact=user.email)
    return Email.objects.filter(mine)


def export(user) -> list[dict]:
    return list(emails_of(user).order_by("created_at", "pk").values(*FIELDS))


def erase(user) -> None:
    """The rows stay, so the log still counts what was sent, but with nothing of the person:
    no address, subject, body, attachment or delivery error (which may quote the address).
    Each recipient becomes ``erased-<id>``, because an e-mail's kind, recipient and occasion
    are unique together. An e-mail not sent yet is never sent."""
    emails = Email.objects.filter(pk__in=list(emails_of(user).values_list("pk", flat=True)))
    emails.update(
        recipient=Concat(Value("erased-"), Cast("pk", output_field=CharField())),
        subject="",
        body="",
        attachment_name="",
        attachment_source="",
        last_error="",
    )
    emails.filter(state=Email.State.PENDING).update(
        state=Email.State.FAILED, last_error=gettext("The recipient deleted their account.")
    )
