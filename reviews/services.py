"""Assigning reviewers, scoring, consensus, decisions and their release."""

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from calls.models import Call, Criterion
from consolidate.security import log_event
from people.models import ReviewerProfile
from people.roles import REVIEWER
from visits.services import open_visits

from .models import Change, Consensus, Decision, Review, Score, SelectionReport
from .notifications import queue_decisions
from .pdf import render_selection_report
from .ranking import refresh_standing, result_for

logger = logging.getLogger(__name__)


class ReviewRefused(Exception):
    """What was asked breaks a rule; ``str(error)`` says which, for the member of staff."""


def _same_city(reviewer, application: Application) -> bool:
    profile = ReviewerProfile.objects.filter(user=reviewer).first()
    return bool(profile and profile.city.strip().casefold() == application.city.strip().casefold())


def _log(application, kind, subject, old, new, actor) -> None:
    Change.objects.create(
        application=application,
        kind=kind,
        subject=subject,
        old_value="" if old is None else str(old),
        new_value="" if new is None else str(new),
        actor=actor,
    )


def check_assignment(application: Application, reviewer) -> None:
    if application.state != Application.State.SUBMITTED:
        raise ReviewRefused(_("Only submitted applications can be reviewed."))
    if not reviewer.groups.filter(name=REVIEWER).exists():
        raise ReviewRefused(_("%(user)s is not a reviewer.") % {"user": reviewer})
    if _same_city(reviewer, application):
        raise ReviewRefused(
            _("%(user)s works for %(city)s and cannot review its application.")
            % {"user": reviewer, "city": application.city}
        )
    if Review.objects.filter(application=application, reviewer=reviewer).exists():
        raise ReviewRefused(
            _("%(user)s is already assigned to this application.") % {"user": reviewer}
        )


@transaction.atomic
def assign_reviewer(application: Application, reviewer, *, actor) -> Review:
    check_assignment(application, reviewer)
    try:
        with transaction.atomic():
            review = Review.objects.create(application=application, reviewer=reviewer)
    except IntegrityError as error:
        raise ReviewRefused(
            _("%(user)s is already assigned to this application.") % {"user": reviewer}
        ) from error
    _log(application, Change.Kind.REVIEW, _("reviewer assigned"), None, reviewer, actor)
    return review


def assign_reviewers_automatically(applications: Iterable[Application], *, actor) -> int:
    """Give each application the reviewers its call asks for, spreading the load evenly."""
    reviewers = list(
        get_user_model()
        .objects.filter(groups__name=REVIEWER, is_active=True)
        .annotate(load=Count("reviews", filter=~Q(reviews__state=Review.State.CONFLICT)))
        .order_by("load", "pk")
    )
    load = {reviewer.pk: reviewer.load for reviewer in reviewers}
    created = 0
    for application in applications:
        taken = set(application.reviews.values_list("reviewer_id", flat=True))
        missing = application.call.reviewers_per_application - application.reviews.active().count()
        for reviewer in sorted(reviewers, key=lambda r: (load[r.pk], r.pk)):
            if missing <= 0:
                break
            if reviewer.pk in taken or _same_city(reviewer, application):
                continue
            assign_reviewer(application, reviewer, actor=actor)
            load[reviewer.pk] += 1
            missing -= 1
            created += 1
    return created


@transaction.atomic
def declare_conflict(review: Review, *, conflict: bool, reason: str = "") -> Review:
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.state != Review.State.ASSIGNED:
        raise ReviewRefused(_("The conflict of interest has already been declared."))
    if conflict and not reason.strip():
        raise ReviewRefused(_("Please say briefly what the conflict of interest is."))
    review.state = Review.State.CONFLICT if conflict else Review.State.SCORING
    review.conflict_reason = reason.strip() if conflict else ""
    review.save(update_fields=["state", "conflict_reason"])
    _log(
        review.application,
        Change.Kind.REVIEW,
        _("conflict of interest declared") if conflict else _("no conflict of interest"),
        None,
        review.conflict_reason or "-",
        review.reviewer,
    )
    return review


@transaction.atomic
def save_scores(
    review: Review,
    values: Mapping[int, tuple[Decimal | None, str]],
    *,
    submit: bool = False,
) -> Review:
    """Store the reviewer's scores (criterion id -> (score, comment)); ``submit`` locks them."""
    review = (
        Review.objects.select_for_update().select_related("application__call").get(pk=review.pk)
    )
    if review.state != Review.State.SCORING:
        raise ReviewRefused(_("This review cannot be changed now."))
    call = review.application.call
    allowed = set(call.score_choices())
    existing = {score.criterion_id: score for score in review.scores.all()}
    for criterion in call.criteria.all():
        value, comment = values.get(criterion.pk, (None, ""))
        if value is not None and value not in allowed:
            raise ReviewRefused(_("%(value)s is not on the call's scale.") % {"value": value})
        if submit and value is None:
            raise ReviewRefused(_("Please score every criterion before submitting."))
        score = existing.get(criterion.pk) or Score(review=review, criterion=criterion)
        if score.pk and (score.value, score.comment) == (value, comment):
            continue
        subject = f"{review.reviewer}: {criterion}"
        old = score.value if score.pk else None
        _log(review.application, Change.Kind.SCORE, subject, old, value, review.reviewer)
        score.value, score.comment = value, comment
        score.save()
    if submit:
        review.state = Review.State.SUBMITTED
        review.submitted_at = timezone.now()
        review.save(update_fields=["state", "submitted_at"])
        _log(review.application, Change.Kind.REVIEW, _("review submitted"), None, review.reviewer,
             review.reviewer)  # fmt: skip
        refresh_standing(review.application)
    return review


@transaction.atomic
def reopen_review(review: Review, *, actor) -> Review:
    if review.state != Review.State.SUBMITTED:
        raise ReviewRefused(_("Only submitted reviews can be reopened."))
    review.state = Review.State.SCORING
    review.submitted_at = None
    review.save(update_fields=["state", "submitted_at"])
    _log(review.application, Change.Kind.REVIEW, _("review reopened"), review.reviewer, None, actor)
    refresh_standing(review.application)
    return review


@transaction.atomic
def record_consensus(
    application: Application, criterion: Criterion, value: Decimal | None, comment: str, *, actor
) -> Consensus | None:
    """Record the agreed score and consolidated comment on one criterion.

    Without a score the reviewers' mean keeps counting; without either, nothing is kept.
    """
    if criterion.call_id != application.call_id:
        raise ReviewRefused(_("This criterion belongs to another call."))
    if value is not None and value not in set(application.call.score_choices()):
        raise ReviewRefused(_("%(value)s is not on the call's scale.") % {"value": value})
    current = Consensus.objects.filter(application=application, criterion=criterion).first()
    old = (current.value, current.comment) if current else (None, "")
    if (value, comment) == old:
        return current
    _log(application, Change.Kind.CONSENSUS, str(criterion), old[0], value, actor)
    if value is None and not comment.strip():
        if current:
            current.delete()
            refresh_standing(application)
        return None
    consensus, _created = Consensus.objects.update_or_create(
        application=application,
        criterion=criterion,
        defaults={"value": value, "comment": comment, "recorded_by": actor},
    )
    refresh_standing(application)
    return consensus


@transaction.atomic
def record_decision(
    application: Application,
    *,
    outcome: str,
    rationale: str,
    reserve_rank: int | None = None,
    seen_version: str | None = None,
    actor,
) -> Decision:
    """Record an application's outcome.

    The call's row is locked first, so two coordinators selecting at the same moment cannot
    together select more cities than the call has places. ``seen_version`` is the version of
    the decision the coordinator was looking at: if someone changed it since, nothing is
    overwritten and the refusal says what it is now.
    """
    call = Call.objects.select_for_update().get(pk=application.call_id)
    current = Decision.objects.filter(application=application).first()
    if seen_version is not None and decision_version(current) != seen_version:
        raise ReviewRefused(
            _(
                "Someone else changed this decision while you were editing it: it is now "
                "“%(outcome)s” (%(by)s). Check it and save again if you still want your change."
            )
            % {
                "outcome": current.get_outcome_display() if current else _("no decision"),
                "by": current.decided_by if current else "-",
            }
        )
    if call.decisions_released:
        raise ReviewRefused(_("The decisions of this call have been released already."))
    if application.state != Application.State.SUBMITTED:
        raise ReviewRefused(_("Only submitted applications can get a decision."))
    if not rationale.strip():
        raise ReviewRefused(_("Please give the rationale of the decision."))
    if outcome == Decision.Outcome.SELECTED:
        others = call.decisions.selected().exclude(application=application).count()
        if others >= call.places:
            raise ReviewRefused(
                _("This call has %(places)s places and they are all taken.")
                % {"places": call.places}
            )
        if not result_for(application).selectable:
            raise ReviewRefused(
                _("This application is below a threshold of the call, or not fully scored yet.")
            )
    if outcome != Decision.Outcome.RESERVE:
        reserve_rank = None
    elif not reserve_rank:
        raise ReviewRefused(_("Please give the reserve rank (1 for the first reserve)."))
    current = Decision.objects.filter(application=application).first()
    old = (
        f"{current.get_outcome_display()} {current.reserve_rank or ''}".strip() if current else None
    )
    try:
        with transaction.atomic():
            decision, _created = Decision.objects.update_or_create(
                application=application,
                defaults={
                    "call": call, "outcome": outcome, "reserve_rank": reserve_rank,
                    "rationale": rationale.strip(), "decided_by": actor,
                },
            )  # fmt: skip
    except IntegrityError as error:
        raise ReviewRefused(
            _("Another application already has reserve rank %(rank)s.") % {"rank": reserve_rank}
        ) from error
    new = f"{decision.get_outcome_display()} {decision.reserve_rank or ''}".strip()
    _log(application, Change.Kind.DECISION, _("outcome"), old, new, actor)
    log_event("decision", user=actor, application=application.pk, outcome=decision.outcome)
    return decision


def decision_version(decision: Decision | None) -> str:
    """What a form remembers of the decision it shows, to notice a concurrent change."""
    return decision.decided_at.isoformat() if decision else "none"


@transaction.atomic
def release_decisions(call: Call, *, actor) -> int:
    """Make the outcomes visible to the applicants and tell each of them by e-mail."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.decisions_released:
        raise ReviewRefused(_("The decisions of this call have been released already."))
    undecided = call.applications.submitted().filter(decision__isnull=True).count()
    if undecided:
        raise ReviewRefused(
            _("%(count)s submitted applications have no decision yet.") % {"count": undecided}
        )
    call.decisions_released_at = timezone.now()
    call.save(update_fields=["decisions_released_at"])
    log_event("decisions released", user=actor, call=call.pk)
    open_visits(call)
    queue_decisions(call)
    return call.decisions.count()


# A pending report younger than this is the one a second click asks for: no second render.
REPORT_REUSE_WINDOW = dt.timedelta(minutes=5)


@transaction.atomic
def request_selection_report(call: Call, *, actor) -> SelectionReport:
    """A report of the call for ``actor``: queued for the worker once this transaction commits,
    or the pending one asked for a moment ago (a double click renders once)."""
    Call.objects.select_for_update().get(pk=call.pk)  # two clicks at once queue one report
    recent = (
        SelectionReport.objects.for_call(call)
        .pending()
        .filter(requested_at__gte=timezone.now() - REPORT_REUSE_WINDOW)
        .first()
    )
    if recent:
        return recent
    report = SelectionReport.objects.create(call=call, requested_by=actor)
    transaction.on_commit(lambda: _queue_report(report.pk))
    return report


def _queue_report(report_id: int) -> None:
    from .tasks import prepare_selection_report

    try:
        prepare_selection_report.delay(report_id)
    except Exception:  # noqa: BLE001 - a broker failure must not fail the coordinator's request
        logger.warning("Broker unavailable; selection report %s stays pending", report_id)


def produce_selection_report(report: SelectionReport) -> SelectionReport:
    """Render the report and store its file; whatever fails is logged and kept on the report."""
    try:
        report.store(render_selection_report(report.call))
    except Exception as error:  # noqa: BLE001 - the coordinator must see that it failed, and why
        logger.exception("Selection report %s of call %s failed", report.pk, report.call_id)
        report.fail(error)
    return report
