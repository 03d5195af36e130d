"""The staff home: "Your work" at the top of the admin index.

A reviewer sees their open reviews per call, with the review deadline, their progress and one
click to the next review. A coordinator also sees each running call with what it needs next,
each a link to the filtered place where it is done. Both in a fixed number of queries.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from applications.models import Application
from calls.models import Call
from consolidate.templatetags.formats import count
from people.rules import is_coordinator
from reviews.models import Review
from visits.models import LumpSumClaim, Visit

from .figures import RoundCounts, round_counts


@dataclass(frozen=True)
class ReviewWork:
    call: Call
    submitted: int
    total: int
    next_review: int | None

    @property
    def next_url(self) -> str:
        return reverse("admin:reviews_review_change", args=[self.next_review])


@dataclass(frozen=True)
class Need:
    text: str
    url: str


@dataclass
class CallWork:
    call: Call
    needs: list[Need] = field(default_factory=list)

    @property
    def dashboard_url(self) -> str:
        return reverse("dashboards:call", args=[self.call.pk])


@dataclass
class StaffHome:
    reviews: list[ReviewWork]
    calls: list[CallWork]
    coordinates: bool


def _filtered(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def staff_home(user, *, now: dt.datetime | None = None) -> StaffHome:
    """Two queries for a reviewer; nine for a coordinator, whatever the number of rows."""
    now = now or timezone.now()
    own = Review.objects.of(user).open_work()
    coordinates = is_coordinator(user)
    mine = [row["call"] for row in own]
    calls = (
        {call.pk: call for call in Call.objects.public().filter(pk__in=mine)}
        if not (coordinates)
        else {call.pk: call for call in Call.objects.public()}
    )
    reviews = [
        ReviewWork(calls[row["call"]], row["submitted"], row["total"], row["next"])
        for row in own
        if row["call"] in calls and (row["next"] or not calls[row["call"]].decisions_released)
    ]
    if not coordinates:
        return StaffHome(reviews, [], False)
    running = [call for call in calls.values() if call.state == Call.State.PUBLISHED]
    counts = round_counts(running, today=timezone.localdate(now))
    return StaffHome(reviews, [call_work(call, counts, now=now) for call in running], True)


def call_work(call: Call, counts: RoundCounts, *, now: dt.datetime) -> CallWork:
    work = CallWork(call)
    work.needs += _review_needs(call, counts)
    if call.has_deadline_passed(at=now) and not call.decisions_released:
        work.needs += _decision_needs(call, counts)
    work.needs += _visit_needs(call, counts)
    return work


def _review_needs(call: Call, counts: RoundCounts) -> list[Need]:
    needs = []
    missing = sum(one.missing for one in counts.reviewers.get(call.pk, []))
    if missing:
        url = _filtered(
            "admin:reviews_review_changelist",
            application__call__id__exact=call.pk,
            state__in="assigned,scoring",
        )
        needs += _need(
            missing,
            ngettext(
                "%(count)s review not submitted yet", "%(count)s reviews not submitted yet", missing
            ),
            url,
        )
    disputed = sum(
        one.applications for one in counts.spreads if one.call_id == call.pk and one.needs_consensus
    )
    needs += _need(
        disputed,
        ngettext(
            "%(count)s application needs a consensus",
            "%(count)s applications need a consensus",
            disputed,
        ),
        reverse("admin:reviews_ranking", args=[call.pk]),
    )
    return needs


def _decision_needs(call: Call, counts: RoundCounts) -> list[Need]:
    submitted = counts.applications.get(call.pk, {}).get(Application.State.SUBMITTED, 0)
    waiting = submitted - sum(counts.decisions.get(call.pk, {}).values())
    if waiting > 0:
        text = ngettext(
            "%(count)s application waits for a decision",
            "%(count)s applications wait for a decision",
            waiting,
        )
        return _need(waiting, text, reverse("admin:reviews_ranking", args=[call.pk]))
    if submitted:
        return [
            Need(
                gettext("Every application is decided: release the decisions"),
                reverse("admin:reviews_release", args=[call.pk]),
            )
        ]
    return []


def _need(number: int, text: str, url: str) -> list[Need]:
    """A need when there is something to do: ``text`` is ngettext's, chosen by ``number``."""
    return [Need(text % {"count": count(number)}, url)] if number else []


def _visit_needs(call: Call, counts: RoundCounts) -> list[Need]:
    visits, claims = counts.visits.get(call.pk, {}), counts.claims.get(call.pk, {})
    _answered, unanswered = counts.feedback.get(call.pk, (0, 0))
    planning = visits.get(Visit.State.PLANNING, 0)
    checks = claims.get(LumpSumClaim.State.SUBMITTED, {}).get("claims", 0)
    payments = claims.get(LumpSumClaim.State.APPROVED, {}).get("claims", 0)
    claims_url = partial(
        _filtered,
        "admin:visits_lumpsumclaim_changelist",
        visit__application__call__id__exact=call.pk,
    )
    return [
        *_need(
            planning,
            ngettext(
                "%(count)s visit to plan and confirm",
                "%(count)s visits to plan and confirm",
                planning,
            ),
            _filtered(
                "admin:visits_visit_changelist",
                application__call__id__exact=call.pk,
                state__exact=Visit.State.PLANNING,
            ),
        ),
        *_need(
            unanswered,
            ngettext(
                "%(count)s feedback questionnaire unanswered",
                "%(count)s feedback questionnaires unanswered",
                unanswered,
            ),
            reverse("admin:visits_feedback_summary", args=[call.pk]),
        ),
        *_need(
            checks,
            ngettext("%(count)s claim to check", "%(count)s claims to check", checks),
            claims_url(state__exact=LumpSumClaim.State.SUBMITTED),
        ),
        *_need(
            payments,
            ngettext("%(count)s payment to record", "%(count)s payments to record", payments),
            claims_url(state__exact=LumpSumClaim.State.APPROVED),
        ),
    ]
