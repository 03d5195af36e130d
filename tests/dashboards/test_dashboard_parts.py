"""The dashboard's chart marks and table rows, written in Python, are what the template loops
they replaced wrote: byte for byte, escaped, localised or not as the template says."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from dashboards.charts import Bar, Line, Text
from dashboards.display import Cell

LOOPS = """{% load l10n %}{% localize off %}
{% for line in grid %}<line class="grid" x1="{{ line.x1 }}" y1="{{ line.y1 }}" x2="{{ line.x2 }}" y2="{{ line.y2 }}" stroke="#c4c4c4" stroke-width="1"/>{% endfor %}
{% for bar in bars %}<rect class="bar {{ bar.css }}" x="{{ bar.x }}" y="{{ bar.y }}" width="{{ bar.width }}" height="{{ bar.height }}" fill="#2f6690"/>{% endfor %}
{% for text in labels %}<text class="label" x="{{ text.x }}" y="{{ text.y }}" text-anchor="{{ text.anchor }}" font-size="15" fill="currentColor">{{ text.text }}</text>{% endfor %}
{% endlocalize %}{% for row in rows %}<tr>{% for cell in row %}{% if forloop.first %}<th scope="row">{{ cell.text }}</th>{% else %}<td>{{ cell.text }}</td>{% endif %}{% endfor %}</tr>{% endfor %}"""  # noqa: E501 (the loops exactly as the templates wrote them)
TAGS = """{% load l10n dashboard_parts %}{% localize off %}
{% chart_grid grid %}
{% chart_bars bars %}
{% chart_labels labels %}
{% endlocalize %}{% table_rows rows %}"""

DATA = {
    "grid": [Line(40, 16.5, 640, 16.5), Line(0, 1e-07, 12345.678, -3)],
    "bars": [Bar(40.0, 12, 0.30000000000000004, 1234567, "Lyon", "12", "warn"),
             Bar(1, 2, Decimal("3.50"), 4.0, "x", "y")],
    "labels": [Text(10, 20, "<script>alert(1)</script> Liège & Co", "end"),
               Text(1.5, 2, "Zürich “quoted”")],
    "rows": [[Cell(1, "Ghent"), Cell(1234, "1,234"), Cell(2.5, 2.5), Cell(None, None)],
             [Cell("x", "<b>bold</b>")]],
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_the_tags_write_what_the_loops_wrote(language):
    with translation.override(language):
        expected = Template(LOOPS).render(Context(DATA))
        written = Template(TAGS).render(Context(DATA))
    assert written == expected
    assert "&lt;script&gt;" in written and "<script>" not in written
    assert 'height="1234567"' in written and 'width="0.30000000000000004"' in written
