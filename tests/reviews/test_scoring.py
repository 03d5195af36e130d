from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from reviews.scoring import CriterionRule, assess, mean, rank

HALF_POINTS = st.integers(min_value=0, max_value=10).map(lambda n: Decimal(n) / 2)
WEIGHTS = st.integers(min_value=1, max_value=40).map(lambda n: Decimal(n) / 4)
SPREAD = Decimal("2")


def result(application_id, rules, scores, consensus=None, total_threshold=None):
    return assess(
        application_id, rules, scores, consensus or {},
        spread_threshold=SPREAD, total_threshold=total_threshold,
        reviews_in=2, reviews_expected=2,
    )  # fmt: skip


def test_total_is_weighted_sum_of_means():
    rules = [CriterionRule(1, Decimal("2")), CriterionRule(2, Decimal("1"))]
    outcome = result(1, rules, {1: [Decimal("4"), Decimal("5")], 2: [Decimal("3")]})
    assert outcome.criteria[1].mean == Decimal("4.50")
    assert outcome.total == Decimal("12.00")


def test_consensus_counts_instead_of_the_mean():
    rules = [CriterionRule(1, Decimal("1"))]
    outcome = result(1, rules, {1: [Decimal("1"), Decimal("5")]}, {1: Decimal("4.5")})
    assert outcome.criteria[1].mean == Decimal("3.00")
    assert outcome.total == Decimal("4.50")


def test_wide_spread_is_flagged_only_above_the_threshold():
    rules = [CriterionRule(1, Decimal("1")), CriterionRule(2, Decimal("1"))]
    outcome = result(1, rules, {1: [Decimal("1"), Decimal("3")], 2: [Decimal("0"), Decimal("5")]})
    assert not outcome.criteria[1].disputed
    assert outcome.criteria[2].disputed
    assert outcome.disputed


def test_criterion_and_total_thresholds_block_selection():
    rules = [CriterionRule(1, Decimal("1"), threshold=Decimal("3")), CriterionRule(2, Decimal("1"))]
    assert not result(1, rules, {1: [Decimal("2.5")], 2: [Decimal("5")]}).selectable
    assert result(1, rules, {1: [Decimal("3")], 2: [Decimal("5")]}).selectable
    low_total = result(1, rules, {1: [Decimal("3")], 2: [Decimal("1")]}, total_threshold=Decimal(5))
    assert not low_total.selectable


def test_missing_scores_leave_no_total_and_rank_last():
    rules = [CriterionRule(1, Decimal("1"))]
    scored = result(1, rules, {1: [Decimal("0")]})
    unscored = result(2, rules, {})
    assert unscored.total is None and not unscored.selectable
    assert [r.application_id for r in rank([unscored, scored], rules)] == [1, 2]


def test_ties_are_broken_by_the_calls_criterion_order():
    rules = [
        CriterionRule(1, Decimal("1"), tie_break_rank=2),
        CriterionRule(2, Decimal("1"), tie_break_rank=1),
    ]
    strong_on_1 = result(10, rules, {1: [Decimal("5")], 2: [Decimal("3")]})
    strong_on_2 = result(20, rules, {1: [Decimal("3")], 2: [Decimal("5")]})
    ranked = rank([strong_on_1, strong_on_2], rules)
    assert [r.application_id for r in ranked] == [20, 10]
    assert [r.rank for r in ranked] == [1, 2]


@given(st.lists(HALF_POINTS, min_size=1, max_size=6))
def test_mean_lies_between_lowest_and_highest(scores):
    assert min(scores) <= mean(scores) <= max(scores)


@given(
    st.lists(st.tuples(WEIGHTS, st.lists(HALF_POINTS, min_size=1, max_size=4)), min_size=1,
             max_size=5),
)  # fmt: skip
def test_total_equals_the_weighted_sum_and_is_bounded(criteria):
    rules = [CriterionRule(i, weight) for i, (weight, _) in enumerate(criteria)]
    scores = {i: values for i, (_, values) in enumerate(criteria)}
    outcome = result(1, rules, scores)
    expected = sum(weight * mean(values) for weight, values in criteria)
    assert outcome.total == expected.quantize(Decimal("0.01"))
    assert Decimal(0) <= outcome.total <= 5 * sum(weight for weight, _ in criteria)


@given(
    st.lists(st.lists(HALF_POINTS, min_size=2, max_size=2), min_size=1, max_size=12),
    st.dictionaries(st.integers(0, 1), HALF_POINTS),
)
def test_ranking_orders_by_total_and_consensus_overrides(score_pairs, consensus):
    rules = [CriterionRule(0, Decimal("1"), tie_break_rank=1), CriterionRule(1, Decimal("2"))]
    results = [
        result(n, rules, {0: [pair[0]], 1: [pair[1]]}, consensus if n == 0 else None)
        for n, pair in enumerate(score_pairs)
    ]
    ranked = rank(results, rules)
    totals = [r.total for r in ranked]
    assert totals == sorted(totals, reverse=True)
    assert [r.rank for r in ranked] == list(range(1, len(results) + 1))
    first = next(r for r in results if r.application_id == 0)
    for criterion_id, value in consensus.items():
        assert first.criteria[criterion_id].value == value
