"""The dashboard's scoring sections: how each criterion was scored, each reviewer's mean beside
it (to spot a harsh or a lenient reviewer), and how far reviewers lie apart per application."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consolidate.templatetags.formats import count, score

from .charts import Series, column_chart, row_chart
from .display import Cell, Figure, Panel, Table
from .display import count_cell as _count
from .figures import CallFigures

CENT = Decimal("0.01")


def _score_cell(value: Decimal, scale_max=None) -> Cell:
    return Cell(value, score(value, scale_max))


def _given_and_means(figures: CallFigures) -> tuple[dict, dict]:
    """Times each score was given, and each reviewer's (name, mean), per criterion id."""
    names = {one.reviewer_id: one.name for one in figures.reviewers}
    given = defaultdict(lambda: defaultdict(int))
    sums = defaultdict(lambda: [Decimal(0), 0])  # (criterion, reviewer): total, times
    for criterion_id, reviewer_id, value, times in figures.tally:
        given[criterion_id][Decimal(value)] += times
        sums[criterion_id, reviewer_id][0] += Decimal(value) * times
        sums[criterion_id, reviewer_id][1] += times
    means = defaultdict(list)
    for (criterion_id, reviewer_id), (total, times) in sums.items():
        mean = (total / times).quantize(CENT, rounding=ROUND_HALF_UP)
        means[criterion_id].append((names.get(reviewer_id, "—"), mean))
    return given, {key: sorted(value, key=lambda item: item[1]) for key, value in means.items()}


def _criterion_charts(criterion, scale, counts, own, scale_max) -> list[Figure]:
    return [
        Figure(
            _("Scores given on “%(criterion)s”") % {"criterion": criterion.name},
            column_chart(
                [score(value) for value in scale],
                [Series(_("Times given"), counts, [count(n) for n in counts])],
                tick_every=2 if len(scale) > 6 else 1,
            ),
        ),
        Figure(
            _("Each reviewer's mean on “%(criterion)s”") % {"criterion": criterion.name},
            row_chart([(name, mean, score(mean)) for name, mean in own], top=scale_max),
        ),
    ]


def scores_panel(figures: CallFigures) -> Panel:
    call, scale = figures.call, figures.call.score_choices()
    given, means = _given_and_means(figures)
    distribution = Table(
        "scores", _("Scores given per criterion"), [_("Criterion"), _("Score"), _("Times given")]
    )
    reviewers = Table(
        "reviewer-means",
        _("Each reviewer's mean score per criterion"),
        [_("Criterion"), _("Reviewer"), _("Mean score")],
    )
    charts, sentences = [], []
    for criterion in figures.criteria:
        name = Cell(criterion.name, criterion.name)
        counts = [given[criterion.pk].get(value, 0) for value in scale]
        own = means.get(criterion.pk, [])
        distribution.rows += [
            [name, _score_cell(value), _count(times)]
            for value, times in zip(scale, counts, strict=True)
        ]
        reviewers.rows += [
            [name, Cell(reviewer, reviewer), _score_cell(mean, call.score_max)]
            for reviewer, mean in own
        ]
        charts += _criterion_charts(criterion, scale, counts, own, call.score_max)
        sentences.append(_criterion_sentence(criterion.name, sum(counts), own, call.score_max))
    return Panel(
        "scores", _("Scores per criterion"), " ".join(sentences), charts, [distribution, reviewers]
    )


def _criterion_sentence(name: str, scores: int, means, scale_max) -> str:
    if not means:
        return _("“%(criterion)s”: no submitted score yet.") % {"criterion": name}
    (low_name, low), (high_name, high) = means[0], means[-1]
    if len(means) == 1:
        return ngettext(
            "“%(criterion)s”: %(count)s score; one reviewer's mean so far: %(mean)s (%(name)s).",
            "“%(criterion)s”: %(count)s scores; one reviewer's mean so far: %(mean)s (%(name)s).",
            scores,
        ) % {
            "criterion": name,
            "count": count(scores),
            "mean": score(low, scale_max),
            "name": low_name,
        }
    return ngettext(
        "“%(criterion)s”: %(count)s score; reviewers' means from %(low)s (%(low_name)s) "
        "to %(high)s (%(high_name)s).",
        "“%(criterion)s”: %(count)s scores; reviewers' means from %(low)s (%(low_name)s) "
        "to %(high)s (%(high_name)s).",
        scores,
    ) % {
        "criterion": name,
        "count": count(scores),
        "low": score(low, scale_max),
        "low_name": low_name,
        "high": score(high, scale_max),
        "high_name": high_name,
    }


def spread_panel(figures: CallFigures) -> Panel:
    call = figures.call
    step, flag = call.score_step, call.spread_threshold
    widths = [step * n for n in range(int((call.score_max - call.score_min) / step) + 1)]
    apps, unsettled = defaultdict(int), defaultdict(int)
    for one in figures.spreads:
        apps[one.spread] += one.applications
        unsettled[one.spread] += one.applications if one.needs_consensus else 0
    counts = [apps.get(width, 0) for width in widths]
    table = Table(
        "spread",
        _("Applications by the widest spread between their reviewers"),
        [_("Widest spread"), _("Applications"), _("Without a consensus")],
        [
            [_score_cell(width), _count(apps.get(width, 0)), _count(unsettled.get(width, 0))]
            for width in widths
        ],
    )
    chart = column_chart(
        [score(width) for width in widths],
        [Series(_("Applications"), counts, [count(n) for n in counts])],
        tick_every=2 if len(widths) > 6 else 1,
        warn=[width > flag for width in widths],
        marker_at=float(flag / step) + 1,
        marker_text=_("Flag: %(flag)s") % {"flag": score(flag)},
    )
    above = sum(n for width, n in apps.items() if width > flag)
    scored = sum(apps.values())
    summary = ngettext(
        "%(count)s application scored by two reviewers or more; %(above)s with "
        "reviewers further apart than %(flag)s on a criterion, %(open)s of them still "
        "without a consensus.",
        "%(count)s applications scored by two reviewers or more; %(above)s with "
        "reviewers further apart than %(flag)s on a criterion, %(open)s of them still "
        "without a consensus.",
        scored,
    ) % {
        "count": count(scored),
        "above": count(above),
        "flag": score(flag),
        "open": count(sum(unsettled.values())),
    }
    return Panel(
        "spread", _("Spread between reviewers"), summary, [Figure(table.caption, chart)], [table]
    )
