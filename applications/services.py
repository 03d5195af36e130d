"""What happens when an officer saves, submits or withdraws an application."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import Call

from .forms import ApplicationForm
from .models import Application, ApplicationVersion
from .notifications import queue_confirmation


class ApplicationRefused(Exception):
    """The platform cannot do what was asked; ``str(error)`` says why, for the officer."""


def ensure_open(call: Call) -> None:
    if not call.is_open():
        raise ApplicationRefused(
            _("The deadline of this call has passed; applications can no longer be changed.")
        )


@transaction.atomic
def save_draft(form: ApplicationForm, *, applicant) -> Application:
    ensure_open(form.call)
    application = form.save(commit=False)
    if application.state == Application.State.WITHDRAWN:
        raise ApplicationRefused(_("This application was withdrawn and can no longer change."))
    application.call = form.call
    application.applicant = applicant
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise ApplicationRefused(
            _("You already have an application for this call. Open it from “My applications”.")
        ) from error
    form.save_m2m()
    return application


@transaction.atomic
def submit_application(form: ApplicationForm, *, applicant) -> Application:
    """Submit (or submit again) the application in ``form``, whose data is valid for submission.

    The call's row is locked while the reference number is given, so numbers never repeat and
    two officers of one city cannot both get theirs.
    """
    call = Call.objects.select_for_update().get(pk=form.call.pk)
    ensure_open(call)
    application = form.save(commit=False)
    if application.state == Application.State.WITHDRAWN:
        raise ApplicationRefused(_("This application was withdrawn and can no longer change."))
    application.call = call
    application.applicant = applicant
    if application.number is None:
        highest = call.applications.aggregate(highest=Max("number"))["highest"] or 0
        application.number = highest + 1
        application.reference = application.make_reference()
    application.state = Application.State.SUBMITTED
    application.submitted_at = timezone.now()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise ApplicationRefused(
            _(
                "An application for %(city)s has already been submitted to this call by another "
                "officer. Only one application per city is accepted; please contact them or the "
                "call's contacts. Your text has been kept below."
            )
            % {"city": application.city}
        ) from error
    form.save_m2m()
    record_version(application)
    queue_confirmation(application)
    return application


def record_version(application: Application) -> ApplicationVersion:
    number = application.versions.count() + 1
    return ApplicationVersion.objects.create(
        application=application,
        number=number,
        submitted_at=application.submitted_at,
        answers=application.answers(),
    )


@transaction.atomic
def withdraw_application(application: Application) -> Application:
    ensure_open(application.call)
    if application.state == Application.State.WITHDRAWN:
        return application
    application.withdraw()
    return application


def anonymise_expired_applications(*, now=None) -> int:
    """Remove the personal data of applications that were not selected, once the call's
    retention period (settings.RETENTION_MONTHS after its deadline) is over."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=30 * settings.RETENTION_MONTHS)
    expired = (
        Application.objects.filter(call__deadline__lt=cutoff, anonymised_at__isnull=True)
        .exclude(decision__outcome="selected")
        .order_by("pk")
    )
    count = 0
    for application in expired:
        application.anonymise()
        count += 1
    return count
