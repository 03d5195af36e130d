"""Reminders to officers whose application is still a draft: before the deadline, or at once.

The scheduled reminder goes out on each of the call's ``draft_reminder_days`` before its
deadline; a coordinator can also send a one-off reminder to the drafts of one call.
"""

import datetime as dt

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from calls.models import Call
from calls.validators import parse_day_list
from notifications.models import Email
from notifications.reminders import latest_due_offset, link
from notifications.services import Message, queue_emails, render_texts
from people.preferences import valid_language

from .models import Application

KIND = "reminder_draft"
# A one-off reminder skips the officers reminded of the same call this recently: a second
# click, a second coordinator, or this morning's scheduled reminder.
ONE_OFF_PAUSE = dt.timedelta(hours=24)


def draft_messages(*, now: dt.datetime) -> list[Message]:
    """The scheduled reminders due at ``now``, one per draft of each call with one due."""
    occasions = {}
    for call in Call.objects.open(at=now):
        offset = latest_due_offset(call.deadline, parse_day_list(call.draft_reminder_days), now=now)
        if offset is not None:
            occasions[call.pk] = (call, f"draft:{call.pk}:{offset}d")
    drafts = Application.objects.drafts().filter(call_id__in=occasions)
    return _draft_messages(drafts, occasions)


def _draft_messages(drafts: QuerySet, occasions: dict[int, tuple[Call, str]]) -> list[Message]:
    """One message per draft in ``occasions`` (call id: the call and the occasion).

    The reminder names the call, its deadline and its form, nobody in particular, so its text
    is rendered once per call and language, not twice per draft (20,000 renders for 10,000
    drafts); each officer gets it in their own language.
    """
    rows = drafts.order_by("pk").values_list(
        "call_id", "applicant_id", "applicant__email", "applicant__preferences__language"
    )
    texts = {}
    messages = []
    for call_id, user_id, email, chosen in rows:
        language = valid_language(chosen)
        if (call_id, language) not in texts:
            texts[call_id, language] = _draft_texts(occasions[call_id][0], language)
        subject, body = texts[call_id, language]
        messages.append(
            Message(
                kind=KIND,
                recipient=email,
                occasion=occasions[call_id][1],
                subject=subject,
                body=body,
                user_id=user_id,
                language=language,
            )
        )
    return messages  # fmt: skip


def _draft_texts(call: Call, language: str) -> tuple[str, str]:
    url = link(reverse("applications:edit", args=[call.slug]))
    return render_texts(KIND, {"call": call, "url": url}, language=language)


def one_off_drafts(call: Call, *, now: dt.datetime) -> tuple[QuerySet, QuerySet]:
    """The drafts of ``call`` a one-off reminder reaches at ``now``, and those it skips."""
    recent = Email.objects.recipients_since(
        now - ONE_OFF_PAUSE, kind=KIND, occasion_prefix=f"draft:{call.pk}:"
    )
    drafts = Application.objects.drafts().for_call(call).select_related("applicant")
    return drafts.exclude(applicant__email__in=recent), drafts.filter(applicant__email__in=recent)


def remind_drafts_now(call: Call, *, now: dt.datetime | None = None) -> int:
    """A coordinator's one-off reminder to every officer with a draft in ``call``.

    The occasion is stamped to the minute, so two coordinators clicking at once queue it once;
    later, ``one_off_drafts`` leaves out whoever was reminded within ``ONE_OFF_PAUSE``.
    """
    now = now or timezone.now()
    reached, _ = one_off_drafts(call, now=now)
    occasions = {call.pk: (call, f"draft:{call.pk}:manual:{now:%Y%m%d%H%M}")}
    return len(queue_emails(_draft_messages(reached, occasions)))
