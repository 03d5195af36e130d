"""A call's figures as the dashboard shows them: each chart with its summary and data table.

Every table is also a CSV export (its ``slug``). The scores' panels are in ``scores``, the
funnel in ``funnel``.
"""

import datetime as dt
import math

from django.utils import formats as django_formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from consolidate.templatetags.formats import count, day, moment

from .charts import WIDE, Series, column_chart, row_chart
from .display import Cell, Figure, Panel, Table
from .display import count_cell as _count
from .figures import CallFigures
from .funnel import funnel_table
from .scores import scores_panel, spread_panel


def _short_day(value: dt.date) -> str:
    return django_formats.date_format(value, "j M")


# Applications per day, against the deadline


def _day_range(figures: CallFigures) -> list[dt.date]:
    """From the call's opening (or the first application, if earlier) to its deadline: nothing
    is submitted later, and a long-closed call's chart keeps its weeks legible."""
    call = figures.call
    first = call.opens_at.astimezone(call.zone).date()
    last = call.deadline.astimezone(call.zone).date()
    first = min([first, *(day for day in [*figures.started, *figures.submitted] if day <= last)])
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def days_panel(figures: CallFigures) -> Panel:
    call, days = figures.call, _day_range(figures)
    started = [figures.started.get(one, 0) for one in days]
    submitted = [figures.submitted.get(one, 0) for one in days]
    deadline = call.deadline.astimezone(call.zone)
    at = (deadline.date() - days[0]).days + (deadline.hour + deadline.minute / 60) / 24
    chart = column_chart(
        [_short_day(one) for one in days],
        [
            Series(_("Started"), started, [count(n) for n in started], "started"),
            Series(_("Submitted"), submitted, [count(n) for n in submitted], "submitted"),
        ],
        width=WIDE,
        tick_every=math.ceil(len(days) / 6),
        marker_at=at,
        marker_text=_("Deadline"),
    )
    table = Table(
        "days",
        _("Applications started and submitted per day"),
        [_("Day"), _("Started"), _("Submitted")],
    )
    for one in sorted({*figures.started, *figures.submitted}):
        begun, sent = figures.started.get(one, 0), figures.submitted.get(one, 0)
        table.rows.append([Cell(one.isoformat(), day(one)), _count(begun), _count(sent)])
    return Panel(
        "days",
        _("Applications per day"),
        _days_summary(figures),
        [Figure(_("Applications started and submitted per day"), chart)],
        [table],
    )


def _days_summary(figures: CallFigures) -> str:
    total = sum(figures.submitted.values())
    text = ngettext(
        "%(total)s application submitted, %(started)s started in all.",
        "%(total)s applications submitted, %(started)s started in all.",
        total,
    ) % {
        "total": count(total),
        "started": count(sum(figures.started.values())),
    }
    if total:
        busiest = max(sorted(figures.submitted), key=lambda one: figures.submitted[one])
        text += " " + _("The busiest day was %(day)s, with %(count)s.") % {
            "day": day(busiest),
            "count": count(figures.submitted[busiest]),
        }
    deadline = figures.call.deadline
    return (
        text
        + " "
        + _("The deadline: %(deadline)s.") % {"deadline": moment(deadline, figures.call.zone)}
    )


# Where the applications come from, and what they ask about


def countries_panel(figures: CallFigures) -> Panel:
    named = sorted(
        (
            (str(countries.name(code)) or _("Country not given"), n)
            for code, n in figures.countries.items()
        ),
        key=lambda item: (-item[1], item[0]),
    )
    table = Table(
        "countries",
        _("Submitted applications per country"),
        [_("Country"), _("Applications")],
        [[Cell(name, name), _count(n)] for name, n in named],
    )
    total = sum(n for _name, n in named)
    if named:
        summary = ngettext(
            "%(total)s submitted applications from %(countries)s country; the most "
            "from %(top)s (%(count)s).",
            "%(total)s submitted applications from %(countries)s countries; the most "
            "from %(top)s (%(count)s).",
            len(named),
        ) % {
            "total": count(total),
            "countries": count(len(named)),
            "top": named[0][0],
            "count": count(named[0][1]),
        }
    else:
        summary = _("No application is submitted yet.")
    chart = row_chart([(name, n, count(n)) for name, n in named])
    return Panel(
        "countries", _("Applications per country"), summary, [Figure(table.caption, chart)], [table]
    )


def themes_panel(figures: CallFigures) -> Panel:
    ordered = sorted(figures.themes, key=lambda item: (-item[1], item[0].order, item[0].name))
    table = Table(
        "themes",
        _("Submitted applications per challenge theme"),
        [_("Challenge theme"), _("Applications")],
        [[Cell(theme.name, theme.name), _count(n)] for theme, n in ordered],
    )
    if ordered and ordered[0][1]:
        summary = _(
            "Ticked most often: %(theme)s, by %(count)s of %(total)s submitted "
            "applications (an application may tick several)."
        ) % {
            "theme": ordered[0][0].name,
            "count": count(ordered[0][1]),
            "total": count(figures.applications("submitted")),
        }
    else:
        summary = _("No application is submitted yet.")
    chart = row_chart([(theme.name, n, count(n)) for theme, n in ordered])
    return Panel(
        "themes",
        _("Applications per challenge theme"),
        summary,
        [Figure(table.caption, chart)],
        [table],
    )


def panels(figures: CallFigures) -> list[Panel]:
    return [
        days_panel(figures),
        countries_panel(figures),
        themes_panel(figures),
        scores_panel(figures),
        spread_panel(figures),
    ]


def tables(figures: CallFigures) -> dict[str, Table]:
    """Every table of the dashboard by its slug, the funnel's first (for the CSV exports)."""
    found = {"funnel": funnel_table(figures)}
    for panel in panels(figures):
        found.update((table.slug, table) for table in panel.tables)
    return found
