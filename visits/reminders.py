"""Reminders about a visit: to host and team while it is planned, to the host after it.

Each reminder's moments are the call's offsets (``visit_reminder_days`` before the first day,
``feedback_reminder_days`` after the last), counted from midnight in the visit's own zone.
"""

import datetime as dt

from django.urls import reverse

from calls.validators import parse_day_list
from notifications.reminders import latest_due_offset, latest_passed_offset, link
from notifications.services import Message, render_message

from .models import Visit


def visits_with_host():
    # The host's language comes along: each e-mail is written in its reader's.
    return Visit.objects.select_related("application__applicant__preferences", "application__call")


def midnight(day: dt.date, zone) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone)


def preparation_messages(*, now: dt.datetime) -> list[Message]:
    """Host and team, before a visit whose agenda is still being planned."""
    visits = (
        visits_with_host()
        .filter(state=Visit.State.PLANNING, starts_on__isnull=False, starts_on__gte=now.date())
        .prefetch_related("team__champion__user__preferences", "team__user__preferences")
    )
    messages = []
    for visit in visits:
        start = midnight(visit.starts_on, visit.zone)
        days = parse_day_list(visit.call.visit_reminder_days)
        offset = latest_due_offset(start, days, now=now)
        if offset is not None:
            messages.extend(_preparation_messages(visit, offset))
    return messages


def _preparation_messages(visit: Visit, offset: int) -> list[Message]:
    people = {visit.application.applicant.email: visit.application.applicant}
    for member in visit.team.all():
        people.setdefault(member.email, member.user or getattr(member.champion, "user", None))
    context = {"visit": visit, "call": visit.call, "days": offset,
               "url": link(visit.get_absolute_url())}  # fmt: skip
    return [
        render_message(
            "reminder_visit",
            context,
            kind="reminder_visit",
            recipient=email,
            occasion=f"visit:{visit.pk}:{offset}d",
            user=user,
        )  # fmt: skip
        for email, user in sorted(people.items())
    ]


def after_visit(visit: Visit, days_field: str, *, now: dt.datetime) -> int | None:
    """The latest of the call's offsets ``days_field`` passed since the visit's last day."""
    day_after = midnight(visit.ends_on + dt.timedelta(days=1), visit.zone)
    return latest_passed_offset(day_after, parse_day_list(getattr(visit.call, days_field)), now=now)


def host_message(visit: Visit, kind: str, offset: int, url: str) -> Message:
    """The e-mail ``kind`` (also its template) to the host of ``visit``, about ``url``."""
    applicant = visit.application.applicant
    return render_message(
        kind, {"visit": visit, "call": visit.call, "url": link(url)},
        kind=kind, recipient=applicant.email, occasion=f"{kind}:{visit.pk}:{offset}d",
        user=applicant,
    )  # fmt: skip


def feedback_messages(*, now: dt.datetime) -> list[Message]:
    """The host, after the visit, while the questionnaire is open and unanswered."""
    messages = []
    for visit in visits_with_host().held().filter(feedback__isnull=True):
        offset = after_visit(visit, "feedback_reminder_days", now=now)
        if offset is not None and not visit.feedback_refusal(now):
            url = reverse("visits:feedback", args=[visit.pk])
            messages.append(host_message(visit, "reminder_feedback", offset, url))
    return messages
