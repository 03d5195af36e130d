"""A reviewer's queue: their assignments per call in reference order, the one step that scores
an application of it, and what comes next."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from calls.models import Call
from consolidate.refusals import Refused

from .models import Review
from .services import declare_conflict, save_scores


@dataclass
class CallQueue:
    """One call's part of a reviewer's queue."""

    call: Call
    reviews: list[Review] = field(default_factory=list)

    @property
    def total(self) -> int:
        """The reviews to do: a declared conflict takes the application off the queue."""
        return sum(review.state != Review.State.CONFLICT for review in self.reviews)

    @property
    def submitted(self) -> int:
        return sum(review.state == Review.State.SUBMITTED for review in self.reviews)

    @property
    def conflicts(self) -> int:
        return len(self.reviews) - self.total

    @property
    def next(self) -> Review | None:
        """The first unfinished review, in reference order."""
        unfinished = (Review.State.ASSIGNED, Review.State.SCORING)
        return next((review for review in self.reviews if review.state in unfinished), None)


def queue_of(reviewer) -> list[CallQueue]:
    """The reviewer's assignments, the newest call first: one query, however many there are."""
    reviews = Review.objects.of(reviewer).in_queue_order().select_related("application__call")
    return [
        CallQueue(call, list(call_reviews))
        for call, call_reviews in groupby(reviews, key=lambda review: review.application.call)
    ]


def progress(reviewer, call: Call) -> dict[str, int]:
    """The reviewer's progress in the call, as the queue counts it: submitted of those to do."""
    return (
        Review.objects.of(reviewer)
        .filter(application__call=call)
        .aggregate(
            submitted=Count("pk", filter=Q(state=Review.State.SUBMITTED)),
            total=Count("pk", filter=~Q(state=Review.State.CONFLICT)),
        )
    )


def next_review(review: Review) -> Review | None:
    """The reviewer's next unfinished review of the same call, after this one in reference
    order; else the first one they left unfinished before it; None when all are done."""
    unfinished = (
        Review.objects.of(review.reviewer_id)
        .unfinished()
        .filter(application__call_id=review.application.call_id)
        .exclude(pk=review.pk)
        .in_queue_order()
    )
    later = unfinished.filter(application__number__gt=review.application.number).first()
    return later or unfinished.first()


@transaction.atomic
def score_review(
    review: Review,
    *,
    conflict: bool | None,
    reason: str = "",
    values: Mapping[int, tuple[Decimal | None, str]],
    submit: bool = False,
    by,
) -> Review:
    """The score page in one step: the conflict-of-interest declaration, if not made yet, then
    the scores. A conflict ends the review there. ``conflict`` is None once declared.

    Composes ``declare_conflict`` and ``save_scores`` (and their audit entries) in one
    transaction: a refused score leaves the declaration unmade, as the reviewer left it.
    """
    if review.reviewer_id != by.pk:
        raise Refused(_("Only the assigned reviewer can score this review."))
    if review.state == Review.State.ASSIGNED:
        if conflict is None:
            raise Refused(_("Please declare whether you have a conflict of interest first."))
        review = declare_conflict(review, conflict=conflict, reason=reason)
        if conflict:
            return review
    return save_scores(review, values, submit=submit)
