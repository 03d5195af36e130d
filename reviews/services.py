"""Assigning reviewers, scoring, consensus, decisions and their release.

Every decision taken here leaves an entry in the audit trail (``consolidate.audit``), on the
application it is about (the call, for a release or a selection report), in its transaction.
"""

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.models import Application
from calls.models import Call, Criterion
from consolidate import audit
from consolidate.cities import same_city
from consolidate.refusals import Refused
from consolidate.versions import check_version
from people.models import ReviewerProfile
from people.preferences import valid_language
from people.roles import REVIEWER

from .letters import release_problems
from .models import Consensus, Decision, Review, Score, SelectionReport
from .notifications import queue_decisions
from .pdf import render_selection_report
from .ranking import current_result, refresh_standing
from .signals import decisions_released

logger = logging.getLogger(__name__)


def _same_city(reviewer, application: Application) -> bool:
    profile = ReviewerProfile.objects.filter(user=reviewer).first()
    return bool(profile) and same_city(profile.city, application.city)


def check_assignment(application: Application, reviewer) -> None:
    if application.state != Application.State.SUBMITTED:
        raise Refused(_("Only submitted applications can be reviewed."))
    if not reviewer.groups.filter(name=REVIEWER).exists():
        raise Refused(_("%(user)s is not a reviewer.") % {"user": reviewer})
    if _same_city(reviewer, application):
        raise Refused(
            _("%(user)s works for %(city)s and cannot review its application.")
            % {"user": reviewer, "city": application.city}
        )
    if Review.objects.filter(application=application, reviewer=reviewer).exists():
        raise Refused(_("%(user)s is already assigned to this application.") % {"user": reviewer})


@transaction.atomic
def assign_reviewer(application: Application, reviewer, *, actor, automatic=False) -> Review:
    check_assignment(application, reviewer)
    try:
        with transaction.atomic():
            review = Review.objects.create(application=application, reviewer=reviewer)
    except IntegrityError as error:
        raise Refused(
            _("%(user)s is already assigned to this application.") % {"user": reviewer}
        ) from error
    audit.record(
        "reviews.assign", application, actor=actor, subject=_("reviewer assigned"),
        after={"reviewer": reviewer.email, "automatic": automatic},
    )  # fmt: skip
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
            assign_reviewer(application, reviewer, actor=actor, automatic=True)
            load[reviewer.pk] += 1
            missing -= 1
            created += 1
    return created


@transaction.atomic
def declare_conflict(review: Review, *, conflict: bool, reason: str = "") -> Review:
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.state != Review.State.ASSIGNED:
        raise Refused(_("The conflict of interest has already been declared."))
    if conflict and not reason.strip():
        raise Refused(_("Please say briefly what the conflict of interest is."))
    review.state = Review.State.CONFLICT if conflict else Review.State.SCORING
    review.conflict_reason = reason.strip() if conflict else ""
    review.save(update_fields=["state", "conflict_reason"])
    audit.record(
        "reviews.conflict",
        review.application,
        actor=review.reviewer,
        subject=_("conflict of interest declared") if conflict else _("no conflict of interest"),
        before={"state": Review.State.ASSIGNED},
        after={"state": review.state, "reason": review.conflict_reason},
    )
    return review


def _score_values(call: Call, values, *, submit: bool) -> None:
    """Refuse a score off the call's scale, or a missing one in a submission."""
    allowed = set(call.score_choices())
    for criterion in call.criteria.all():
        value, _comment = values.get(criterion.pk, (None, ""))
        if value is not None and value not in allowed:
            raise Refused(_("%(value)s is not on the call's scale.") % {"value": value})
        if submit and value is None:
            raise Refused(_("Please score every criterion before submitting."))


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
        raise Refused(_("This review cannot be changed now."))
    call = review.application.call
    _score_values(call, values, submit=submit)
    existing = {score.criterion_id: score for score in review.scores.all()}
    for criterion in call.criteria.all():
        value, comment = values.get(criterion.pk, (None, ""))
        score = existing.get(criterion.pk) or Score(review=review, criterion=criterion)
        if score.pk and (score.value, score.comment) == (value, comment):
            continue
        audit.record(
            "reviews.score", review.application, actor=review.reviewer,
            subject=f"{review.reviewer}: {criterion}",
            before={"value": score.value if score.pk else None}, after={"value": value},
        )  # fmt: skip
        score.value, score.comment = value, comment
        score.save()
    if submit:
        _submit_review(review)
    return review


def _submit_review(review: Review) -> None:
    review.state = Review.State.SUBMITTED
    review.submitted_at = timezone.now()
    review.save(update_fields=["state", "submitted_at"])
    scores = {
        str(score.criterion): score.value for score in review.scores.select_related("criterion")
    }
    audit.record(
        "reviews.submit_review", review.application, actor=review.reviewer,
        subject=_("review submitted"), before={"state": Review.State.SCORING},
        after={"state": review.state, "scores": scores},
    )  # fmt: skip
    refresh_standing(review.application)


@transaction.atomic
def reopen_review(review: Review, *, actor) -> Review:
    if review.state != Review.State.SUBMITTED:
        raise Refused(_("Only submitted reviews can be reopened."))
    review.state = Review.State.SCORING
    review.submitted_at = None
    review.save(update_fields=["state", "submitted_at"])
    audit.record(
        "reviews.reopen", review.application, actor=actor, subject=_("review reopened"),
        before={"state": Review.State.SUBMITTED, "reviewer": review.reviewer.email},
        after={"state": review.state, "reviewer": review.reviewer.email},
    )  # fmt: skip
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
        raise Refused(_("This criterion belongs to another call."))
    if value is not None and value not in set(application.call.score_choices()):
        raise Refused(_("%(value)s is not on the call's scale.") % {"value": value})
    current = Consensus.objects.filter(application=application, criterion=criterion).first()
    old = (current.value, current.comment) if current else (None, "")
    if (value, comment) == old:
        return current
    audit.record(
        "reviews.consensus", application, actor=actor, subject=str(criterion),
        before={"value": old[0], "comment": old[1]}, after={"value": value, "comment": comment},
    )  # fmt: skip
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


def _outcome(decision: Decision | None) -> dict:
    """A decision as the audit trail keeps it (``value`` as a person reads it)."""
    if decision is None:
        return {"value": None}
    return {
        "value": f"{decision.get_outcome_display()} {decision.reserve_rank or ''}".strip(),
        "outcome": decision.outcome,
        "reserve_rank": decision.reserve_rank,
        "rationale": decision.rationale,
    }


def _check_decision(
    call: Call, application: Application, outcome: str, rationale: str, reserve_rank
) -> None:
    """Refuse an outcome the call's rules do not allow (places, thresholds, reserve ranks)."""
    if call.decisions_released:
        raise Refused(_("The decisions of this call have been released already."))
    if application.state != Application.State.SUBMITTED:
        raise Refused(_("Only submitted applications can get a decision."))
    if not rationale.strip():
        raise Refused(_("Please give the rationale of the decision."))
    if outcome == Decision.Outcome.SELECTED:
        if call.decisions.selected().exclude(application=application).count() >= call.places:
            raise Refused(
                _("This call has %(places)s places and they are all taken.")
                % {"places": call.places}
            )
        if not current_result(application).selectable:
            raise Refused(
                _("This application is below a threshold of the call, or not fully scored yet.")
            )
    if outcome == Decision.Outcome.RESERVE and not reserve_rank:
        raise Refused(_("Please give the reserve rank (1 for the first reserve)."))


def _seen_decision(current: Decision | None, seen_version: str | None) -> None:
    """Refuse to overwrite a decision someone else changed since the coordinator saw it."""
    if current is None:
        now_reads = _("no decision")
    else:
        now_reads = f"{current.get_outcome_display()} ({current.decided_by})"
    check_version(seen_version, decision_version(current), now_reads=now_reads)


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
    overwritten and the refusal says what it is now. Whether the application may be selected
    is read from its stored standing, the result the ranking and the letter show.
    """
    call = Call.objects.select_for_update().get(pk=application.call_id)
    current = Decision.objects.filter(application=application).first()
    _seen_decision(current, seen_version)
    _check_decision(call, application, outcome, rationale, reserve_rank)
    if outcome != Decision.Outcome.RESERVE:
        reserve_rank = None
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
        raise Refused(
            _("Another application already has reserve rank %(rank)s.") % {"rank": reserve_rank}
        ) from error
    audit.record(
        "reviews.decision", application, actor=actor, subject=_("outcome"),
        before=_outcome(current), after=_outcome(decision),
    )  # fmt: skip
    return decision


def decision_version(decision: Decision | None) -> str:
    """What a form remembers of the decision it shows, to notice a concurrent change."""
    return decision.decided_at.isoformat() if decision else "none"


@transaction.atomic
def release_decisions(call: Call, *, actor) -> int:
    """Make the outcomes visible to the applicants, tell each of them by e-mail and close the
    call for good; refused, with everything that stands in the way, by ``release_problems``.

    ``decisions_released`` is sent inside the transaction, so what higher apps do on a release
    (visits opens a visit for each selected city) happens with it or not at all.
    """
    call = Call.objects.select_for_update().get(pk=call.pk)
    problems = release_problems(call)
    if problems:
        raise Refused(*problems)
    before = call.phase()
    call.decisions_released_at = timezone.now()
    call.save(update_fields=["decisions_released_at"])
    selected = Application.objects.filter(pk__in=call.decisions.selected().values("application"))
    audit.record(
        "calls.phase", call, actor=actor, subject=_("call closed for good by the release"),
        before={"phase": before}, after={"phase": call.phase()},
    )  # fmt: skip
    audit.record(
        "reviews.release", call, actor=actor, subject=_("decisions released"),
        before={"released_at": None}, after={"released_at": call.decisions_released_at,
                                             "selected": [a.reference for a in selected]},
    )  # fmt: skip
    decisions_released.send(sender=Call, call=call, selected=list(selected))
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
    report = SelectionReport.objects.create(
        call=call, requested_by=actor, language=valid_language(translation.get_language())
    )
    audit.record(
        "reviews.selection_report", call, actor=actor, subject=_("selection report requested"),
        after={"report": report.pk},
    )  # fmt: skip
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
        with translation.override(valid_language(report.language)):
            report.store(render_selection_report(report.call))
    except Exception as error:  # noqa: BLE001 - the coordinator must see that it failed, and why
        logger.exception("Selection report %s of call %s failed", report.pk, report.call_id)
        report.fail(error)
    return report
