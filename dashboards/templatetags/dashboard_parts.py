"""The dashboard's chart marks and data-table rows, written in Python.

A call's dashboard writes some 3,700 values through the template engine's loops (bars, labels
and grid lines of its charts, the rows of its data tables): about half of the page's time.
These tags write the same markup, byte for byte, each value through
``render_value_in_context`` as ``{{ value }}`` would (localised or not as the surrounding
``{% localize %}`` says, escaped), so the charts and tables read exactly as before.
"""

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import SafeString

register = template.Library()


def _value(value, context) -> str:
    """``{{ value }}``. A chart's coordinates are plain numbers written with localisation off:
    those are what ``str`` writes (Django's number format, unlocalised, adds nothing to a whole
    number or to a float without an exponent); anything else goes the template's way."""
    kind = type(value)
    if context.use_l10n is False and (kind is int or kind is float):
        text = str(value)
        if "e" not in text:
            return text
    return render_value_in_context(value, context)


def _each(context, items, write) -> SafeString:
    """``write(item, v)`` for each item, ``v`` writing one value as ``{{ value }}`` would."""

    def v(value) -> str:
        return _value(value, context)

    return SafeString("".join(write(item, v) for item in items))  # nosec B703: v escapes


def _line(line, v) -> str:
    return (
        f'<line class="grid" x1="{v(line.x1)}" y1="{v(line.y1)}" x2="{v(line.x2)}" '
        f'y2="{v(line.y2)}" stroke="#c4c4c4" stroke-width="1"/>'
    )


def _bar(bar, v) -> str:
    return (
        f'<rect class="bar {v(bar.css)}" x="{v(bar.x)}" y="{v(bar.y)}" width="{v(bar.width)}" '
        f'height="{v(bar.height)}" fill="#2f6690"/>'
    )


def _label(text, v) -> str:
    return (
        f'<text class="label" x="{v(text.x)}" y="{v(text.y)}" text-anchor="{v(text.anchor)}" '
        f'font-size="15" fill="currentColor">{v(text.text)}</text>'
    )


@register.simple_tag(takes_context=True)
def chart_grid(context, lines) -> SafeString:
    return _each(context, lines, _line)


@register.simple_tag(takes_context=True)
def chart_bars(context, bars) -> SafeString:
    return _each(context, bars, _bar)


@register.simple_tag(takes_context=True)
def chart_labels(context, labels) -> SafeString:
    return _each(context, labels, _label)


@register.simple_tag(takes_context=True)
def table_rows(context, rows) -> SafeString:
    """Each row: its first cell a row header, the others data cells."""
    out = []
    for row in rows:
        cells = [render_value_in_context(cell.text, context) for cell in row]
        head = f'<th scope="row">{cells[0]}</th>' if cells else ""
        out.append(f"<tr>{head}{''.join(f'<td>{cell}</td>' for cell in cells[1:])}</tr>")
    return SafeString("".join(out))  # nosec B703: every value escaped by render_value_in_context
