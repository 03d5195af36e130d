"""Which reminders are due now, found from the database alone.

Each reminder has an *occasion* (e.g. "draft:12:1d": the 1-day reminder of call 12). An occasion
is due from its moment until the deadline it is about; once the deadline has passed it is gone.
When several occasions of one kind are due at once (beat was down for days), only the latest is
sent: nobody needs "one week left" and "one day left" in the same minute.
"""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from calls.models import Call, parse_day_list
from reviews.models import Review

from .services import Message, queue_emails, render_message, render_texts


def latest_due_offset(deadline: dt.datetime, days: list[int], *, now: dt.datetime) -> int | None:
    """The smallest offset whose moment has come, while the deadline is still ahead."""
    if now >= deadline:
        return None
    due = [day for day in days if now >= deadline - dt.timedelta(days=day)]
    return min(due) if due else None


def latest_passed_offset(start: dt.datetime, days: list[int], *, now: dt.datetime) -> int | None:
    """After an event: the largest offset whose moment has come (the latest occasion)."""
    passed = [day for day in days if now >= start + dt.timedelta(days=day)]
    return max(passed) if passed else None


def _link(path: str) -> str:
    return settings.SITE_URL + path


def draft_messages(*, now: dt.datetime) -> list[Message]:
    occasions = {}
    for call in Call.objects.open(at=now):
        offset = latest_due_offset(call.deadline, parse_day_list(call.draft_reminder_days), now=now)
        if offset is not None:
            occasions[call.pk] = (call, f"draft:{call.pk}:{offset}d")
    drafts = Application.objects.filter(state=Application.State.DRAFT, call_id__in=occasions)
    return _draft_messages(drafts, occasions)


def _draft_messages(drafts: QuerySet, occasions: dict[int, tuple[Call, str]]) -> list[Message]:
    """One message per draft in ``occasions`` (call id: the call and the occasion).

    The reminder names the call, its deadline and its form, nobody in particular, so its text
    is rendered once per call, not twice per draft (20,000 renders for 10,000 drafts).
    """
    texts = {
        pk: render_texts("reminder_draft", {
            "call": call, "url": _link(reverse("applications:edit", args=[call.slug])),
        })
        for pk, (call, _) in occasions.items()
    }  # fmt: skip
    rows = drafts.order_by("pk").values_list("call_id", "applicant_id", "applicant__email")
    return [
        Message(kind="reminder_draft", recipient=email, occasion=occasions[call_id][1],
                subject=texts[call_id][0], body=texts[call_id][1], user_id=user_id)
        for call_id, user_id, email in rows
    ]  # fmt: skip


def review_messages(*, now: dt.datetime) -> list[Message]:
    offsets = {}
    for call in Call.objects.filter(review_deadline__gt=now):
        days = parse_day_list(call.review_reminder_days)
        offset = latest_due_offset(call.review_deadline, days, now=now)
        if offset is not None:
            offsets[call.pk] = (call, offset)
    open_reviews = (
        Review.objects.filter(
            state__in=[Review.State.ASSIGNED, Review.State.SCORING],
            application__call_id__in=offsets,
        )
        .select_related("reviewer")
        .values_list("application__call_id", "reviewer_id")
    )
    counts = defaultdict(int)
    for call_id, reviewer_id in open_reviews:
        counts[(call_id, reviewer_id)] += 1
    from django.contrib.auth import get_user_model

    reviewers = get_user_model().objects.in_bulk({reviewer for _, reviewer in counts})
    messages = []
    for (call_id, reviewer_id), count in sorted(counts.items()):
        call, offset = offsets[call_id]
        reviewer = reviewers[reviewer_id]
        messages.append(
            render_message(
                "reminder_review",
                {
                    "call": call,
                    "count": count,
                    "url": _link(reverse("admin:reviews_review_changelist")),
                },
                kind="reminder_review",
                recipient=reviewer.email,
                occasion=f"review:{call_id}:{offset}d",
                user=reviewer,
            )  # fmt: skip
        )
    return messages


def _midnight(day: dt.date, zone) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone)


def _visits():
    from visits.models import Visit

    return Visit.objects.select_related("application__applicant", "application__call")


def visit_preparation_messages(*, now: dt.datetime) -> list[Message]:
    """Host and team, before a visit whose agenda is still being planned."""
    from visits.models import Visit

    visits = (
        _visits()
        .filter(state=Visit.State.PLANNING, starts_on__isnull=False, starts_on__gte=now.date())
        .prefetch_related("team__champion", "team__user")
    )
    messages = []
    for visit in visits:
        call = visit.application.call
        start = _midnight(visit.starts_on, visit.zone)
        offset = latest_due_offset(start, parse_day_list(call.visit_reminder_days), now=now)
        if offset is None:
            continue
        people = {visit.application.applicant.email: visit.application.applicant}
        for member in visit.team.all():
            people.setdefault(member.email, member.user or getattr(member.champion, "user", None))
        for email, user in sorted(people.items()):
            messages.append(
                render_message(
                    "reminder_visit",
                    {
                        "visit": visit,
                        "call": call,
                        "days": offset,
                        "url": _link(visit.get_absolute_url()),
                    },
                    kind="reminder_visit",
                    recipient=email,
                    occasion=f"visit:{visit.pk}:{offset}d",
                    user=user,
                )  # fmt: skip
            )
    return messages


def _after_visit(visit, days_field: str, *, now: dt.datetime) -> int | None:
    call = visit.application.call
    day_after = _midnight(visit.ends_on + dt.timedelta(days=1), visit.zone)
    return latest_passed_offset(day_after, parse_day_list(getattr(call, days_field)), now=now)


def _host_message(visit, template: str, kind: str, offset: int, url: str) -> Message:
    applicant = visit.application.applicant
    return render_message(
        template, {"visit": visit, "call": visit.application.call, "url": _link(url)},
        kind=kind, recipient=applicant.email, occasion=f"{kind}:{visit.pk}:{offset}d",
        user=applicant,
    )  # fmt: skip


def feedback_messages(*, now: dt.datetime) -> list[Message]:
    """The host, after the visit, while the questionnaire is unanswered."""
    from visits.models import Visit

    visits = _visits().filter(
        state__in=[Visit.State.CONFIRMED, Visit.State.DONE],
        ends_on__lt=now.date(),
        feedback__isnull=True,
    )
    messages = []
    for visit in visits:
        offset = _after_visit(visit, "feedback_reminder_days", now=now)
        if offset is not None:
            url = reverse("visits:feedback", args=[visit.pk])
            messages.append(_host_message(visit, "reminder_feedback", "reminder_feedback",
                                          offset, url))  # fmt: skip
    return messages


def claim_messages(*, now: dt.datetime) -> list[Message]:
    """The host, after the visit, while the lump-sum claim is not submitted."""
    from django.db.models import Q

    from visits.models import Visit

    visits = _visits().filter(
        Q(claim__isnull=True) | Q(claim__state="draft"),
        state__in=[Visit.State.CONFIRMED, Visit.State.DONE],
        ends_on__lt=now.date(),
    )
    messages = []
    for visit in visits:
        offset = _after_visit(visit, "claim_reminder_days", now=now)
        if offset is not None:
            url = reverse("visits:claim", args=[visit.pk])
            messages.append(_host_message(visit, "reminder_claim", "reminder_claim", offset, url))
    return messages


def send_due_reminders(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    messages = [
        *draft_messages(now=now),
        *review_messages(now=now),
        *visit_preparation_messages(now=now),
        *feedback_messages(now=now),
        *claim_messages(now=now),
    ]
    return len(queue_emails(messages))


def remind_drafts_now(call: Call) -> int:
    """A coordinator's one-off reminder to every officer with a draft in ``call``."""
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    drafts = call.applications.filter(state=Application.State.DRAFT)
    occasions = {call.pk: (call, f"draft:{call.pk}:manual:{stamp}")}
    return len(queue_emails(_draft_messages(drafts, occasions)))
