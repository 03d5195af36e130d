"""The beat scan: every reminder the apps registered, queued at once.

Each app declares its reminders next to the rule they remind of and registers a scan with
``consolidate.registry.register_reminder`` when it starts; a scan returns the messages due at
``now``. Each reminder has an *occasion* (e.g. "draft:12:1d": the 1-day reminder of call 12),
mailed at most once per recipient. An occasion is due from its moment until the deadline it is
about; once the deadline has passed it is gone. When several occasions of one kind are due at
once (beat was down for days), only the latest is sent: nobody needs "one week left" and "one
day left" in the same minute.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from consolidate import registry

from .services import queue_emails


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


def link(path: str) -> str:
    """The full address of one of the site's pages, for an e-mail."""
    return settings.SITE_URL + path


def send_due_reminders(*, now: dt.datetime | None = None) -> int:
    """Queue what every registered scan finds due; the number of e-mails queued now."""
    now = now or timezone.now()
    messages = [
        message
        for name in sorted(registry.reminders)
        for message in registry.reminders[name](now=now)
    ]
    return len(queue_emails(messages))
