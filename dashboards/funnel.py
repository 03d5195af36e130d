"""The round's funnel: from drafts to payments, each stage's figures as the dashboard shows
them and as its CSV export writes them."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from applications.models import Application
from consolidate.templatetags.formats import count, day, money
from reviews.models import Decision
from visits.models import LumpSumClaim, Visit

from .display import Cell, Table
from .figures import CallFigures


@dataclass
class Stage:
    title: str
    steps: list[tuple[str, Cell]] = field(default_factory=list)

    def add(self, label: str, cell: Cell) -> None:
        self.steps.append((label, cell))


def _count(value: int) -> Cell:
    return Cell(value, count(value))


def _applications(figures: CallFigures) -> Stage:
    stage = Stage(_("Applications"))
    for state, label in Application.State.choices:
        stage.add(str(label), _count(figures.applications(state)))
    return stage


def _reviews(figures: CallFigures) -> Stage:
    stage = Stage(_("Reviews"))
    to_do = sum(one.to_do for one in figures.reviewers)
    done = sum(one.submitted for one in figures.reviewers)
    stage.add(
        _("Reviews submitted"),
        Cell(done, _("%(done)s of %(total)s") % {"done": count(done), "total": count(to_do)}),
    )
    for one in figures.reviewers:
        stage.add(
            one.name,
            Cell(
                one.submitted,
                _("%(done)s of %(total)s submitted")
                % {"done": count(one.submitted), "total": count(one.to_do)},
            ),
        )
    return stage


def _decisions(figures: CallFigures) -> Stage:
    stage = Stage(_("Decisions"))
    decided = figures.decisions
    for outcome, label in Decision.Outcome.choices:
        stage.add(str(label), _count(decided.get(outcome, 0)))
    waiting = max(figures.applications(Application.State.SUBMITTED) - sum(decided.values()), 0)
    stage.add(_("Waiting for a decision"), _count(waiting))
    released = figures.call.decisions_released_at
    stage.add(
        _("Released"),
        Cell(
            released.date().isoformat() if released else "",
            day(released.astimezone(figures.call.zone)) if released else _("Not yet"),
        ),
    )
    return stage


def _visits(figures: CallFigures) -> Stage:
    stage = Stage(_("Visits"))
    for state, label in Visit.State.choices:
        stage.add(str(label), _count(figures.visits.get(state, 0)))
    answered, due = figures.feedback
    stage.add(_("Feedback answered"), _count(answered))
    stage.add(_("Feedback awaited"), _count(due))
    return stage


def _claims(figures: CallFigures) -> Stage:
    stage = Stage(_("Lump-sum claims"))
    currency = figures.call.currency
    for state, label in LumpSumClaim.State.choices:
        stage.add(str(label), _count(figures.claims.get(state, {}).get("claims", 0)))
    totals = figures.claim_totals
    held = sum(n for state, n in figures.visits.items() if state != Visit.State.CANCELLED)
    lump_sums = figures.call.lump_sum * held
    for label, amount in (
        (_("Lump sums of the visits"), lump_sums),
        (_("Amount requested"), totals.requested),
        (_("Amount approved"), totals.approved),
        (_("Amount paid"), totals.paid),
    ):
        stage.add(label, Cell(amount, money(amount, currency)))
    return stage


def funnel(figures: CallFigures) -> list[Stage]:
    return [
        _applications(figures),
        _reviews(figures),
        _decisions(figures),
        _visits(figures),
        _claims(figures),
    ]


def funnel_table(figures: CallFigures) -> Table:
    table = Table("funnel", _("The round at a glance"), [_("Stage"), _("Measure"), _("Value")])
    for stage in funnel(figures):
        for label, cell in stage.steps:
            table.rows.append([Cell(stage.title, stage.title), Cell(label, label), cell])
    return table
