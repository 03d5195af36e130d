"""How reviewers' scores become an application's result and a call's ranking.

Pure functions over plain values, so the rules can be tested exhaustively without a database.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class CriterionRule:
    id: int
    weight: Decimal
    threshold: Decimal | None = None
    tie_break_rank: int | None = None


@dataclass(frozen=True)
class CriterionResult:
    reviewer_scores: tuple[Decimal, ...]
    mean: Decimal | None
    consensus: Decimal | None
    spread: Decimal | None
    disputed: bool
    below_threshold: bool

    @property
    def value(self) -> Decimal | None:
        """What counts: the consensus where a coordinator recorded one, else the mean."""
        return self.consensus if self.consensus is not None else self.mean


@dataclass(frozen=True)
class Result:
    application_id: int
    criteria: Mapping[int, CriterionResult]
    total: Decimal | None
    reviews_in: int
    reviews_expected: int
    below_total_threshold: bool
    rank: int | None = field(default=None, compare=False)

    @property
    def disputed(self) -> bool:
        return any(result.disputed for result in self.criteria.values())

    @property
    def selectable(self) -> bool:
        return (
            self.total is not None
            and not self.below_total_threshold
            and not any(result.below_threshold for result in self.criteria.values())
        )


def mean(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def assess_criterion(
    rule: CriterionRule,
    scores: Sequence[Decimal],
    consensus: Decimal | None,
    *,
    spread_threshold: Decimal,
) -> CriterionResult:
    spread = max(scores) - min(scores) if len(scores) > 1 else None
    average = mean(scores)
    value = consensus if consensus is not None else average
    return CriterionResult(
        reviewer_scores=tuple(scores),
        mean=average,
        consensus=consensus,
        spread=spread,
        disputed=spread is not None and spread > spread_threshold,
        below_threshold=(
            rule.threshold is not None and value is not None and value < rule.threshold
        ),
    )


def assess(
    application_id: int,
    rules: Sequence[CriterionRule],
    scores: Mapping[int, Sequence[Decimal]],
    consensus: Mapping[int, Decimal],
    *,
    spread_threshold: Decimal,
    total_threshold: Decimal | None,
    reviews_in: int,
    reviews_expected: int,
) -> Result:
    criteria = {
        rule.id: assess_criterion(
            rule, scores.get(rule.id, ()), consensus.get(rule.id), spread_threshold=spread_threshold
        )
        for rule in rules
    }
    values = [(rule.weight, criteria[rule.id].value) for rule in rules]
    total = None
    if values and all(value is not None for _, value in values):
        total = sum((weight * value for weight, value in values), Decimal(0)).quantize(CENT)
    return Result(
        application_id=application_id,
        criteria=criteria,
        total=total,
        reviews_in=reviews_in,
        reviews_expected=reviews_expected,
        below_total_threshold=(
            total_threshold is not None and total is not None and total < total_threshold
        ),
    )


def tie_breakers(rules: Sequence[CriterionRule]) -> list[CriterionRule]:
    return sorted(
        (rule for rule in rules if rule.tie_break_rank is not None),
        key=lambda rule: rule.tie_break_rank,
    )


def _complement(value: Decimal | None, digits: int) -> str:
    """``value`` in cents, subtracted from the largest number of ``digits`` digits: a higher
    value gives a string that sorts first. Scores and weights are never negative."""
    cents = int((value or Decimal(0)) * 100)
    return f"{10**digits - 1 - cents:0{digits}d}"


def rank_key(result: Result, rules: Sequence[CriterionRule]) -> str:
    """A string that sorts as the ranking orders, so the database can sort and page results.

    Highest total first; equal totals by the tie-break criteria in their order; then by id.
    Applications without a total come last. Fixed-width digits, so string order is this order.
    """
    breakers = "".join(
        _complement(result.criteria[rule.id].value, 8) for rule in tie_breakers(rules)
    )
    missing = "1" if result.total is None else "0"
    return f"{missing}{_complement(result.total, 15)}{breakers}{result.application_id:012d}"


def rank(results: Iterable[Result], rules: Sequence[CriterionRule]) -> list[Result]:
    """The results in ranking order (see ``rank_key``), each with its rank.

    Equal results get consecutive ranks: the coordinator sees the order the call's tie-break
    rules give.
    """
    ordered = sorted(results, key=lambda result: rank_key(result, rules))
    return [replace(result, rank=position) for position, result in enumerate(ordered, start=1)]
