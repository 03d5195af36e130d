"""The charts' geometry: bars in proportion, labels that fit, the marker where it belongs."""

from decimal import Decimal

from dashboards.charts import LABEL_WIDTH, ROWS_WIDTH, VALUE_ROOM, Series, column_chart, row_chart


def test_rows_are_in_proportion_to_the_largest_value():
    chart = row_chart([("Austria", 4, "4"), ("Belgium", 2, "2"), ("Chile", 0, "0")])
    widths = [bar.width for bar in chart.bars]
    assert widths == [ROWS_WIDTH - LABEL_WIDTH - VALUE_ROOM, widths[0] / 2, 0]
    assert [label.text for label in chart.labels[::2]] == ["Austria", "Belgium", "Chile"]


def test_a_mean_is_drawn_against_the_scale_not_the_largest_mean():
    chart = row_chart([("Inês Sousa", Decimal("2.5"), "2.50 / 5")], top=Decimal("5"))
    assert chart.bars[0].width == (ROWS_WIDTH - LABEL_WIDTH - VALUE_ROOM) / 2


def test_long_labels_go_above_their_bars_whole():
    theme = "Local support instruments for refugees towards housing autonomy"
    chart = row_chart([(theme, 3, "3"), ("Short", 1, "1")])
    assert chart.bars[0].x == 0
    assert chart.labels[0].anchor == "start" and chart.labels[0].y < chart.bars[0].y
    assert chart.labels[0].text.startswith("Local support instruments for refugees")


def test_columns_stand_on_one_baseline_and_the_marker_labels_its_side():
    chart = column_chart(
        ["1", "2", "3", "4"],
        [Series("Submitted", [0, 3, 6, 1], ["0", "3", "6", "1"])],
        marker_at=3.5,
        marker_text="Deadline",
    )
    bottoms = {round(bar.y + bar.height, 1) for bar in chart.bars}
    assert len(bottoms) == 1
    tallest = max(chart.bars, key=lambda bar: bar.height)
    assert tallest.text == "6" and tallest.height > 0
    assert chart.marker.x1 > tallest.x
    assert chart.marker_label.anchor == "end"  # near the right edge, it reads leftwards


def test_value_axis_rounds_up_to_a_readable_top():
    chart = column_chart(["a"], [Series("n", [7], ["7"])])
    assert [label.text for label in chart.labels if label.anchor == "end"] == ["0", "5", "10"]
