"""What the dashboard's sections are made of: charts with their names, and data tables whose
cells keep a plain value for the CSV export beside the text the page shows."""

from dataclasses import dataclass, field

from consolidate.templatetags.formats import count

from .charts import Chart


@dataclass(frozen=True)
class Cell:
    value: object  # as the CSV writes it
    text: str  # as the page shows it (formatted by consolidate.templatetags.formats)


def count_cell(value: int) -> Cell:
    return Cell(value, count(value))


@dataclass
class Table:
    slug: str  # its CSV export's name
    caption: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass
class Figure:
    """One chart and its accessible name."""

    title: str
    chart: Chart


@dataclass
class Panel:
    """A section of the dashboard: its charts, a summary in words, and the data tables."""

    slug: str
    title: str
    summary: str
    figures: list[Figure]
    tables: list[Table]
