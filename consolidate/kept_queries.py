"""Querysets compiled to SQL once per process, for a signed-in page's few fixed queries.

For a small query, Django spends longer building the queryset and compiling it to SQL than
PostgreSQL takes to answer it: the application form's "this officer's application to this call,
with its call and ticked themes" takes Django about a millisecond before PostgreSQL sees it, on
every page and every autosave. The query is the same each time but for two values.

``KeptQuery(build, **markers)`` calls ``build`` once per process and database with a marker for
each value (``markers``: a name and a value no real call will pass, of the right type), compiles
the queryset, and finds each marker among the compiled parameters. ``kept(**values)`` then runs
that SQL with the request's values in the markers' places, through Django's own iterable: the
instances, their related objects and annotations are what the queryset itself would give.

Only for a queryset whose SQL depends on nothing but the code and its parameters: no ``now()``
in Python, no list whose length changes, no setting or active language read while building it
(a lookup that django-modeltranslation rewrites per language, say).
"""

import copy
from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet


class KeptQuery:
    def __init__(self, build: Callable[..., QuerySet], **markers):
        self.build = build
        self.markers = markers
        self._compiled: dict[str, tuple] = {}

    def _compile(self, alias: str) -> tuple:
        queryset = self.build(**self.markers)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        by_value = {value: name for name, value in self.markers.items()}
        slots = [by_value.get(param) if _hashable(param) else None for param in params]
        missing = set(self.markers) - set(slots)
        if missing:
            raise ValueError(f"{sorted(missing)} are not parameters of the compiled query")
        self._compiled[alias] = kept = (queryset, compiler, sql, tuple(params), slots)
        return kept

    def __call__(self, **values) -> list:
        """The rows for ``values`` (one for each marker), as ``list(build(**values))``."""
        if set(values) != set(self.markers):
            raise TypeError(f"expected the values of {sorted(self.markers)}")
        alias = "default"
        queryset, compiler, sql, params, slots = self._compiled.get(alias) or self._compile(alias)
        given = zip(params, slots, strict=True)
        run_params = tuple(param if name is None else values[name] for param, name in given)
        ready = copy.copy(compiler)
        ready.connection = connections[alias]  # this thread's
        ready.as_sql = lambda *args, **kwargs: (sql, run_params)
        clone = queryset._chain()
        clone.query.get_compiler = lambda *args, **kwargs: ready
        return list(clone)


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
