"""What a decision letter holds, and what it would lack, written once for the letter and release.

The decision e-mail promises the letter gives, per criterion, the score that counts (the
panel's consensus score where one was recorded, else the mean of the submitted reviews) and
the comments: the panel's consolidated comment and each reviewer's, anonymised as "Reviewer A",
"Reviewer B", … in the order the reviewers were assigned, as an EU evaluation summary report
does. A letter keeps that promise when every criterion has a score and at least one comment (a
reviewer's or the panel's); ``release_problems`` refuses a release while one would not.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from string import ascii_uppercase

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from applications.models import Application
from calls.models import Call, Criterion

from .models import Consensus, Review, Score, Standing
from .ranking import ensure_standings, result_of
from .scoring import Result


@dataclass(frozen=True)
class Comment:
    author: str
    text: str


@dataclass(frozen=True)
class CriterionLetter:
    """One criterion as the letter prints it."""

    criterion: Criterion
    value: Decimal | None
    agreed: bool
    reviews: int
    panel_comment: str
    comments: list[Comment]

    @property
    def has_comment(self) -> bool:
        return bool(self.panel_comment or self.comments)


def reviewer_label(position: int) -> str:
    """ "Reviewer A" for the first reviewer, … "Reviewer Z", then "Reviewer AA"."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = ascii_uppercase[rest] + letters
    return _("Reviewer %(letter)s") % {"letter": letters}


def counting_reviews():
    """Submitted reviews in assignment order, with their scores: the letters' reviewers."""
    return (
        Review.objects.counting()
        .order_by("assigned_at", "pk")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.all()))
    )


def letter_criteria(criteria, result: Result, reviews, consensus: dict) -> list[CriterionLetter]:
    """The letter's criteria from loaded rows: ``reviews`` in assignment order, ``consensus`` by
    criterion id."""
    labels = {review.pk: reviewer_label(n) for n, review in enumerate(reviews)}
    comments = defaultdict(list)
    for review in reviews:
        for item in review.scores.all():
            if item.comment.strip():
                comments[item.criterion_id].append(Comment(labels[review.pk], item.comment))
    rows = []
    for criterion in criteria:
        counted = result.criteria[criterion.pk]
        agreed = consensus.get(criterion.pk)
        rows.append(
            CriterionLetter(
                criterion=criterion,
                value=counted.value,
                agreed=counted.consensus is not None,
                reviews=len(counted.reviewer_scores),
                panel_comment=agreed.comment.strip() if agreed else "",
                comments=comments[criterion.pk],
            )
        )
    return rows


def letter_of(application: Application, result: Result) -> list[CriterionLetter]:
    """One application's letter criteria, in a fixed number of queries."""
    reviews = list(counting_reviews().filter(application=application))
    consensus = {item.criterion_id: item for item in application.consensus.all()}
    return letter_criteria(application.call.criteria.all(), result, reviews, consensus)


def lacks(criteria: list[CriterionLetter]) -> list[str]:
    """What the letter would lack: sentences naming the criteria without score or comment."""
    problems = []
    unscored = [f"“{row.criterion.name}”" for row in criteria if row.value is None]
    if unscored:
        problems.append(_("no score on %(criteria)s") % {"criteria": ", ".join(unscored)})
    silent = [f"“{row.criterion.name}”" for row in criteria if not row.has_comment]
    if silent:
        problems.append(_("no comment on %(criteria)s") % {"criteria": ", ".join(silent)})
    return problems


@dataclass(frozen=True)
class ReleaseProblem:
    """Why the decisions cannot be released yet; ``application`` when it is about one."""

    text: str
    application: Application | None = None
    needs: str = ""  # "decision" or "letter": which page puts it right

    def __str__(self) -> str:
        return self.text


def _named(application: Application, what: str) -> str:
    return _("%(reference)s (%(city)s): %(what)s.") % {
        "reference": application.reference, "city": application.city, "what": what,
    }  # fmt: skip


def release_problems(call: Call, *, at=None) -> list[ReleaseProblem]:
    """Everything that stands in the way of releasing ``call``'s decisions, each application by
    its reference; empty when the release may go ahead. A fixed number of queries."""
    if call.decisions_released:
        return [ReleaseProblem(_("The decisions of this call have been released already."))]
    problems = []
    if not call.has_deadline_passed(at=at):
        problems.append(ReleaseProblem(
            _("The call is still open: it takes applications until its deadline. Decisions "
              "can be released once it has closed.")
        ))  # fmt: skip
    submitted = call.applications.submitted().select_related("decision").order_by("number", "pk")
    applications = list(submitted)
    undecided = [
        ReleaseProblem(_named(application, _("no decision yet")), application, "decision")
        for application in applications
        if not hasattr(application, "decision")
    ]
    lacking = _letter_problems(call, [a for a in applications if hasattr(a, "decision")])
    order = {application.pk: position for position, application in enumerate(applications)}
    return problems + sorted(undecided + lacking, key=lambda p: order[p.application.pk])


def _letter_problems(call: Call, decided: list[Application]) -> list[ReleaseProblem]:
    if not decided:
        return []
    criteria = list(call.criteria.all())
    ensure_standings(call, criteria)
    ids = [application.pk for application in decided]
    standings = {s.application_id: s for s in Standing.objects.filter(application_id__in=ids)}
    reviews = defaultdict(list)
    for review in counting_reviews().filter(application_id__in=ids):
        reviews[review.application_id].append(review)
    consensus = defaultdict(dict)
    for item in Consensus.objects.filter(application_id__in=ids):
        consensus[item.application_id][item.criterion_id] = item
    problems = []
    for application in decided:
        result = result_of(standings[application.pk], call)
        rows = letter_criteria(criteria, result, reviews[application.pk], consensus[application.pk])
        problems += [
            ReleaseProblem(_named(application, what), application, "letter") for what in lacks(rows)
        ]
    return problems
