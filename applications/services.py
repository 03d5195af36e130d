"""What happens when an officer saves, submits, withdraws an application or deletes a draft."""

import contextlib
import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import Call
from consolidate import audit
from consolidate.refusals import Refused

from .models import Application, ApplicationVersion
from .notifications import queue_confirmation


def ensure_open(call: Call, *, at=None) -> None:
    """Every write of an officer (draft, autosave, submission, withdrawal) asks this first."""
    if call.decisions_released:
        raise Refused(
            _("The decisions of this call have been released; applications can no longer change.")
        )
    if not call.is_open(at=at):
        raise Refused(
            _("The deadline of this call has passed; applications can no longer be changed.")
        )


def _ensure_not_withdrawn(application: Application) -> None:
    if application.state == Application.State.WITHDRAWN:
        raise Refused(_("This application was withdrawn and can no longer change."))


def _store(application: Application, themes, problem: str) -> None:
    """Save the application and its ticked themes (None: as they are); ``problem`` says why
    the database refused."""
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise Refused(problem) from error
    if themes is not None:
        application.themes.set(themes)


@transaction.atomic
def save_draft(application: Application, *, by, themes=None) -> Application:
    """Keep the officer's answers as they are, however incomplete (``application`` carries
    them; ``themes`` are the ticked challenges, None to leave them)."""
    ensure_open(application.call)
    _ensure_not_withdrawn(application)
    application.applicant = by
    _store(
        application,
        themes,
        _("You already have an application for this call. Open it from “My applications”."),
    )
    return application


def autosave_draft(application: Application, *, by, answers: dict, themes=None) -> Application:
    """Keep what changed in a draft while its officer types: only ``answers`` (the changed
    fields, by name) and the ticked ``themes`` if they changed (None: as they are).

    One UPDATE of those columns, which holds only while the row is still a draft of ``by``:
    that condition, checked by the database, is why no lock is needed. Nothing else follows a
    draft's answers (the standings' signal follows states), so no signal is sent. Nothing
    changed, nothing written.
    """
    ensure_open(application.call)
    if not answers and themes is None:
        return application
    now = timezone.now()
    # The UPDATE alone needs no transaction; with the themes, both or neither.
    with transaction.atomic() if themes is not None else contextlib.nullcontext():
        written = Application.objects.filter(
            pk=application.pk, applicant=by, state=Application.State.DRAFT
        ).update(**answers, updated_at=now)
        if not written:
            raise Refused(_("Only drafts are saved automatically."))
        if themes is not None:
            application.themes.set(themes)
    application.updated_at = now
    return application


@transaction.atomic
def submit_application(application: Application, *, by, themes=None, at=None) -> Application:
    """Submit (or submit again) ``application`` with its answers, if they are complete.

    What "submitted" means, once: every answer given (``Application.submission_problems``), a
    reference number, the state, the time, a recorded version and the confirmation e-mail. The
    call's row is locked while the reference number is given, so numbers never repeat and two
    officers of one city cannot both get theirs. ``at`` is the moment of submission, now unless
    a loader recreates a past call's applications (it is held to the call's deadline all the
    same).
    """
    at = at or timezone.now()
    call = Call.objects.select_for_update().get(pk=application.call_id)
    ensure_open(call, at=at)
    _ensure_not_withdrawn(application)
    application.call, application.applicant = call, by
    problems = application.submission_problems(themes)
    if problems:
        raise Refused(*problems)
    _give_reference(application, call)
    application.state = Application.State.SUBMITTED
    application.submitted_at = at
    _store(application, themes, _(
        "An application for %(city)s has already been submitted to this call by another "
        "officer. Only one application per city is accepted; please contact them or the "
        "call's contacts. Your text has been kept below."
    ) % {"city": application.city})  # fmt: skip
    record_version(application)
    queue_confirmation(application)
    return application


def _give_reference(application: Application, call: Call) -> None:
    """The next number in the call, once: a submission again keeps its reference."""
    if application.number is None:
        highest = call.applications.aggregate(highest=Max("number"))["highest"] or 0
        application.number = highest + 1
    if not application.reference:
        application.reference = application.make_reference()


def record_version(application: Application) -> ApplicationVersion:
    number = application.versions.count() + 1
    return ApplicationVersion.objects.create(
        application=application,
        number=number,
        submitted_at=application.submitted_at,
        answers=application.answers(),
    )


@transaction.atomic
def withdraw_application(application: Application, *, by) -> Application:
    """Take a submitted application out of the call, for good: it is no longer considered, and
    its officer cannot apply to the call again. A draft is deleted instead (``delete_draft``)."""
    if application.is_draft:
        raise Refused(_("A draft has not been submitted, so it cannot be withdrawn: delete it."))
    ensure_open(application.call)
    if application.state == Application.State.WITHDRAWN:
        return application
    before = {"state": application.state, "reference": application.reference}
    application.withdraw()
    audit.record(
        "applications.withdraw", application, actor=by, subject=_("application withdrawn"),
        before=before, after={"state": application.state},
    )  # fmt: skip
    return application


@transaction.atomic
def delete_draft(application: Application, *, by) -> None:
    """Delete an officer's draft, leaving them free to apply to the call again."""
    if not application.can_be_deleted:
        raise Refused(_("Only a draft can be deleted; a submitted application is withdrawn."))
    audit.record(
        "applications.delete_draft", application, actor=by, subject=_("draft deleted"),
        before={"state": application.state, "city": application.city}, after={"state": None},
    )  # fmt: skip
    application.delete()


def anonymise_expired_applications(*, now=None) -> int:
    """Remove the personal data of applications that were not selected, once the call's
    retention period (settings.RETENTION_MONTHS after its deadline) is over."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=30 * settings.RETENTION_MONTHS)
    expired = (
        Application.objects.filter(
            call__in=Call.objects.closed_before(cutoff), anonymised_at__isnull=True
        )
        .erasable()
        .order_by("pk")
    )
    count = 0
    for application in expired:
        application.anonymise()
        count += 1
    return count
