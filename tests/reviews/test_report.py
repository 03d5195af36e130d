import csv
import io

import pytest
from pypdf import PdfReader

from reviews import report
from reviews.pdf import render_selection_report
from reviews.services import record_decision
from tests.reviews.conftest import make_applications, review_of

pytestmark = pytest.mark.django_db


def pdf_of(content: bytes) -> tuple[str, list[dict]]:
    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages)
    (spreadsheet,) = reader.attachments[report.CSV_NAME]
    rows = list(csv.DictReader(io.StringIO(spreadsheet.decode("utf-8-sig"))))
    return text, rows


@pytest.fixture
def ranked(call, reviewer, coordinator):
    """Three applications ranked 1, 2, 3: selected, not selected, reserve."""
    first, second, third = make_applications(call, 3)
    for application, values in ((first, [5, 5]), (second, [4, 4]), (third, [3, 3])):
        review_of(application, reviewer, values, actor=coordinator)
    record_decision(first, outcome="selected", rationale="Clear and concrete", actor=coordinator)
    record_decision(second, outcome="not_selected", rationale="=HYPERLINK(x)", actor=coordinator)
    record_decision(
        third, outcome="reserve", reserve_rank=1, rationale="Next in line", actor=coordinator
    )
    return first, second, third


def test_report_prints_top_ranks_and_chosen_cities_and_summarises_the_rest(
    call, ranked, monkeypatch
):
    first, second, third = ranked
    monkeypatch.setattr(report, "TOP_RANKS", 1)

    text, rows = pdf_of(render_selection_report(call))

    assert first.reference in text and third.reference in text  # selected; reserve at rank 3
    assert second.reference not in text  # rank 2, not selected: summarised
    assert "Clear and concrete" in text and "Next in line" in text
    assert "The other applications, summarised" in text
    assert "Above every threshold Not selected 1 2–2" in text
    assert [row["Reference"] for row in rows] == [a.reference for a in ranked]
    assert [row["Rank"] for row in rows] == ["1", "2", "3"]
    assert rows[2]["Outcome"] == "Reserve 1"
    assert float(rows[0]["Total"]) > float(rows[1]["Total"]) > float(rows[2]["Total"])


def test_report_spreadsheet_keeps_every_rationale_and_never_a_formula(call, ranked):
    _, rows = pdf_of(render_selection_report(call))

    assert [row["Rationale"] for row in rows] == [
        "Clear and concrete",
        "'=HYPERLINK(x)",
        "Next in line",
    ]


def test_report_stays_a_tagged_pdf_with_its_attachment(call, ranked):
    reader = PdfReader(io.BytesIO(render_selection_report(call)))

    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert list(reader.attachments) == [report.CSV_NAME]
