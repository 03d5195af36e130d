"""Reminders to the host, after the visit, while the lump-sum claim waits for them."""

import datetime as dt

from django.db.models import Q
from django.urls import reverse

from notifications.services import Message
from visits.reminders import after_visit, host_message, visits_with_host

from .models import LumpSumClaim


def claim_messages(*, now: dt.datetime) -> list[Message]:
    """Not started, still a draft, or sent back for changes: the host has to (re)submit it."""
    waiting = Q(claim__isnull=True) | Q(claim__in=LumpSumClaim.objects.open_to_the_host())
    messages = []
    for visit in visits_with_host().held().filter(waiting):
        offset = after_visit(visit, "claim_reminder_days", now=now)
        if offset is not None and visit.is_over(now):
            url = reverse("visits:claim", args=[visit.pk])
            messages.append(host_message(visit, "reminder_claim", offset, url))
    return messages
