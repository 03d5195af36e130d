"""Telling the team and the host what changed on their visit: one e-mail per person per burst.

``note_change`` writes a ``VisitChange`` and asks Celery to look again once the visit has been
quiet for ``VISIT_CHANGES_QUIET_MINUTES``; beat's ``send_quiet_visit_changes`` sweeps the same
way in case that task is lost. ``mail_changes`` turns a quiet visit's pending changes into one
e-mail per person, in their language, with the visit's calendar (.ics) attached, through the
outbox: the occasion names the last change, so the burst is mailed exactly once.
"""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from notifications.reminders import link
from notifications.services import Message, queue_emails, render_message
from people.preferences import in_language_of

from .models import Visit, VisitChange

logger = logging.getLogger(__name__)


def quiet_period() -> dt.timedelta:
    return dt.timedelta(minutes=settings.VISIT_CHANGES_QUIET_MINUTES)


# A confirmation or a cancellation is news on its own: it leaves at once, with whatever was
# pending, and the edits after it make the next e-mail.
AT_ONCE = {VisitChange.What.CONFIRMED, VisitChange.What.CANCELLED}


def note_change(visit: Visit, what: str, *, subject: str = "", also_tell=()) -> VisitChange:
    """Remember that the team should hear of this; the e-mail leaves once things are quiet."""
    change = VisitChange.objects.create(
        visit=visit, what=what, subject=subject[:200], also_tell=list(also_tell)
    )
    at_once = what in AT_ONCE
    transaction.on_commit(lambda: _look_again(visit.pk, at_once=at_once))
    return change


def _look_again(visit_id: int, *, at_once: bool) -> None:
    from .tasks import send_visit_changes

    countdown = 0 if at_once else quiet_period().total_seconds() + 1
    try:
        send_visit_changes.apply_async((visit_id,), {"at_once": at_once}, countdown=countdown)
    except Exception:  # noqa: BLE001 - a broker failure must not fail the edit; beat sweeps
        logger.warning("Broker unavailable; the changes to visit %s wait for beat", visit_id)


def quiet_visits(*, now: dt.datetime) -> list[int]:
    """Visits with changes still to tell and none in the last quiet period."""
    pending = VisitChange.objects.filter(mailed_at__isnull=True).values("visit")
    latest = pending.annotate(latest=Max("at")).filter(latest__lte=now - quiet_period())
    return [row["visit"] for row in latest.order_by("visit")]


@transaction.atomic
def mail_changes(visit_id: int, *, now: dt.datetime | None = None, at_once: bool = False) -> int:
    """One e-mail per person about the visit's pending changes, once the visit is quiet (or at
    once, for a confirmation or a cancellation)."""
    now = now or timezone.now()
    pending = list(
        VisitChange.objects.select_for_update()
        .filter(visit_id=visit_id, mailed_at__isnull=True)
        .order_by("pk")
    )
    if not pending or (not at_once and pending[-1].at > now - quiet_period()):
        return 0
    visit = Visit.objects.select_related("application__applicant", "application__call").get(
        pk=visit_id
    )
    messages = change_messages(visit, pending)
    queue_emails(messages)
    VisitChange.objects.filter(pk__in=[change.pk for change in pending]).update(mailed_at=now)
    return len(messages)


def concerned(visit: Visit, changes: list[VisitChange]) -> dict[str, object]:
    """Everyone to tell, by address: the host, the team, and who left the team meanwhile."""
    applicant = visit.application.applicant
    people = {applicant.email: applicant}
    for member in visit.team.select_related("champion__user", "user"):
        people.setdefault(member.email, member.account)
    gone = [person for change in changes for person in change.also_tell]
    accounts = get_user_model().objects.in_bulk(
        [person["user"] for person in gone if person["user"]]
    )
    for person in gone:
        people.setdefault(person["email"], accounts.get(person["user"]))
    return people


def change_messages(visit: Visit, changes: list[VisitChange]) -> list[Message]:
    team = list(visit.team.select_related("champion", "user").order_by("role", "pk"))
    city = visit.application.city
    messages = []
    for email, user in sorted(concerned(visit, changes).items()):
        with in_language_of(user), timezone.override(visit.zone):
            context = {
                "visit": visit, "city": city, "team": team,
                "changes": _lines(changes), "on_team": any(m.email == email for m in team),
                "is_host": email == visit.application.applicant.email,
                "url": link(visit.get_absolute_url()),
            }  # fmt: skip
            messages.append(render_message(
                "visit_changes", context, kind="visit_changes", recipient=email, user=user,
                occasion=f"visit:{visit.pk}:changes:{changes[-1].pk}",
                attachment_name=f"visit-{slugify(city) or visit.pk}.ics",
                attachment_source=f"visit_calendar:{visit.pk}",
            ))  # fmt: skip
    return messages


def _lines(changes: list[VisitChange]) -> list[str]:
    """What changed, each line once, in the active language."""
    lines = []
    for change in changes:
        line = str(change.get_what_display())
        if change.subject:
            line = f"{line}: {change.subject}"
        if line not in lines:
            lines.append(line)
    return lines
