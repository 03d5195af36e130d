"""An application's ticked themes, read in the same query as the application.

The application form and the autosave read the officer's application with its call, and the
themes it ticked: a second query, as Django prefetches them, compiled and sent on every page
and every autosave. Here the ticked themes' ids come as a column of the first query (a
subquery joining them into one text) and are matched with the themes the call offers, which
are kept per version of the call (calls/themes.py): Django's prefetch cache is filled with them,
so ``application.themes.all()`` answers without a query, as after ``prefetch_related``.
"""

from django.db.models import Aggregate, CharField, OuterRef, Subquery

from calls.themes import offered_themes

from .models import Application

TICKED = "ticked_theme_ids"


class _JoinedIds(Aggregate):
    """The ids as text, "3,7": ``GROUP_CONCAT`` on SQLite, ``STRING_AGG`` on PostgreSQL."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        template = "STRING_AGG(%(expressions)s::text, ',')"
        return self.as_sql(compiler, connection, template=template, **extra)


def with_ticked_themes(applications):
    """``applications`` with each one's ticked theme ids, in the same query."""
    ticks = Application.themes.through.objects.filter(application=OuterRef("pk"))
    joined = ticks.values("application").annotate(ids=_JoinedIds("theme_id")).values("ids")
    return applications.annotate(**{TICKED: Subquery(joined)})


def remember_ticked_themes(application: Application) -> None:
    """Fill ``application.themes``' prefetch cache from the ids read with it, when the call
    still offers every ticked theme (otherwise Django reads them, once, as usual)."""
    ids = [int(pk) for pk in (getattr(application, TICKED, None) or "").split(",") if pk]
    offered = {theme.pk: theme for theme in offered_themes(application.call)}
    if not all(pk in offered for pk in ids):
        return
    themes = application.themes.all()
    themes._result_cache = [theme for pk, theme in offered.items() if pk in ids]
    themes._prefetch_done = True
    application._prefetched_objects_cache = {"themes": themes}
