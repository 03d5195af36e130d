"""Charts as geometry, drawn by the templates as SVG on the server.

Nothing here knows the domain: a chart is bars (rows or columns), axis labels and at most one
marker line. The templates write plain SVG elements with presentation attributes and classes
(the CSP allows no script and no style attribute); the colours live in
``static/css/admin-dashboards.css``. Every chart goes out with a text summary and its data
table, so the picture is never the only way to read the figures.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from consolidate.templatetags.formats import count

Number = int | Decimal


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    text: str  # the value as the page shows it
    css: str = ""


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    labels: list[Text] = field(default_factory=list)  # category labels and bar values
    grid: list[Line] = field(default_factory=list)
    marker: Line | None = None
    marker_label: Text | None = None
    wide: bool = False  # scrolls sideways on a phone rather than shrink its labels

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def _scale(values: Sequence[Number]) -> float:
    return float(max([*values, 0])) or 1.0


# Rows: one horizontal bar per item, the label on its left and the value at its end.

ROW = 34
LABEL_WIDTH = 150
ROWS_WIDTH = 400
VALUE_ROOM = 66
SHORT = 17  # characters that fit left of the bars


def row_chart(items: Sequence[tuple[str, Number, str]], *, top: Number | None = None) -> Chart:
    """``items``: (label, value, value as shown), drawn in the order given; ``top`` is the
    value of a full bar (the largest value by default, a scale's maximum for a mean).

    Short labels go left of their bars; when one is long, every label goes above its bar."""
    scale = float(top) if top else _scale([value for _label, value, _text in items])
    stacked = any(len(label) > SHORT for label, _value, _text in items)
    left = 0 if stacked else LABEL_WIDTH
    room, step = ROWS_WIDTH - left - VALUE_ROOM, ROW + (20 if stacked else 0)
    chart = Chart(width=ROWS_WIDTH, height=max(len(items), 1) * step + 4)
    for index, (label, value, text) in enumerate(items):
        y = index * step + 4 + (20 if stacked else 0)
        length = room * float(value) / scale
        chart.bars.append(Bar(left, y, round(length, 1), ROW - 10, label, text))
        middle = y + (ROW - 10) / 2 + 6
        if stacked:
            chart.labels.append(Text(0, y - 6, _shorten(label, 46), "start"))
        else:
            chart.labels.append(Text(LABEL_WIDTH - 8, middle, label, "end"))
        chart.labels.append(Text(left + length + 6, middle, text, "start"))
    return chart


def _shorten(label: str, room: int) -> str:
    """A label that fits left of the bars; the data table has it whole."""
    return label if len(label) <= room else label[: room - 1].rstrip() + "…"


# Columns: one or more series side by side per category, over a value axis.

COLUMNS_HEIGHT = 230
LEFT, BOTTOM, TOP = 40, 48, 16
WIDE = 640  # a chart this wide scrolls sideways on a phone rather than shrink its labels


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Number]
    texts: Sequence[str]
    css: str = ""


def column_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    width: int = 400,
    tick_every: int = 1,
    warn: Sequence[bool] = (),
    marker_at: float | None = None,
    marker_text: str = "",
) -> Chart:
    """``marker_at``: a category position (0 the first, 0.5 between the first two) to mark
    with a vertical line and ``marker_text``; ``warn``: categories whose bars are flagged."""
    chart = Chart(width=width, height=COLUMNS_HEIGHT, wide=width >= WIDE)
    plot_width, plot_height = width - LEFT - 8, COLUMNS_HEIGHT - BOTTOM - TOP
    top = _nice_top(_scale([value for one in series for value in one.values]))
    slot = plot_width / max(len(categories), 1)
    bar_width = slot * 0.8 / max(len(series), 1)
    _value_axis(chart, top, plot_width, plot_height)
    baseline = TOP + plot_height
    for index, category in enumerate(categories):
        x0 = LEFT + index * slot + slot * 0.1
        for number, one in enumerate(series):
            height = plot_height * float(one.values[index]) / top
            css = "warn" if index < len(warn) and warn[index] else one.css
            chart.bars.append(
                Bar(
                    round(x0 + number * bar_width, 1),
                    round(baseline - height, 1),
                    round(bar_width, 1),
                    round(height, 1),
                    f"{category}: {one.name}",
                    one.texts[index],
                    css,
                )
            )
        if index % tick_every == 0:
            chart.labels.append(
                Text(round(LEFT + (index + 0.5) * slot, 1), baseline + 18, category)
            )
    if marker_at is not None:
        x = round(LEFT + marker_at * slot, 1)
        chart.marker = Line(x, TOP - 4, x, baseline)
        anchor = "end" if x > width / 2 else "start"
        chart.marker_label = Text(x, baseline + 42, marker_text, anchor)
    return chart


def _nice_top(value: float) -> float:
    """The axis' top: the value rounded up to 1, 2 or 5 times a power of ten (at least 2)."""
    if value <= 2:
        return 2.0
    power = 10 ** math.floor(math.log10(value))
    return float(next(step * power for step in (1, 2, 5, 10) if step * power >= value))


def _value_axis(chart: Chart, top: float, plot_width: float, plot_height: float) -> None:
    for fraction in (0, 0.5, 1):
        y = round(TOP + plot_height * (1 - fraction), 1)
        chart.grid.append(Line(LEFT, y, LEFT + plot_width, y))
        value = top * fraction
        text = count(int(value)) if value == int(value) else ""
        chart.labels.append(Text(LEFT - 6, y + 4, text, "end"))
