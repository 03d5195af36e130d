"""Reminders to reviewers with unfinished reviews, before the call's review deadline."""

import datetime as dt
from collections import Counter

from django.contrib.auth import get_user_model
from django.urls import reverse

from calls.models import Call
from calls.validators import parse_day_list
from notifications.reminders import latest_due_offset, link
from notifications.services import Message, render_message

from .models import Review


def _due_offsets(now: dt.datetime) -> dict[int, tuple[Call, int]]:
    """Call id: the call and its reminder offset due at ``now``, for calls with one due."""
    offsets = {}
    for call in Call.objects.filter(review_deadline__gt=now):
        days = parse_day_list(call.review_reminder_days)
        offset = latest_due_offset(call.review_deadline, days, now=now)
        if offset is not None:
            offsets[call.pk] = (call, offset)
    return offsets


def review_messages(*, now: dt.datetime) -> list[Message]:
    """One message per reviewer and call, counting the reviews they have still to finish."""
    offsets = _due_offsets(now)
    unfinished = (
        Review.objects.unfinished()
        .filter(
            application__call_id__in=offsets,
        )
        .values_list("application__call_id", "reviewer_id")
    )
    counts = Counter(unfinished)
    people = get_user_model().objects.select_related("preferences")  # each in their language
    reviewers = people.in_bulk({reviewer for _, reviewer in counts})
    queue = link(reverse("admin:reviews_queue"))
    messages = []
    for (call_id, reviewer_id), count in sorted(counts.items()):
        call, offset = offsets[call_id]
        reviewer = reviewers[reviewer_id]
        messages.append(
            render_message(
                "reminder_review",
                {"call": call, "count": count, "url": f"{queue}#call-{call_id}"},
                kind="reminder_review",
                recipient=reviewer.email,
                occasion=f"review:{call_id}:{offset}d",
                user=reviewer,
            )  # fmt: skip
        )
    return messages
