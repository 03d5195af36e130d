"""A kept query gives what its queryset gives, compiled once, for any values, in any thread."""

import threading

import pytest
from django.db import connections
from django.db.models import Count

from applications.models import Application
from consolidate.kept_queries import KeptQuery, numbered
from tests.factories import ApplicationFactory, CallFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


def of_officer(applicant_id, slug):
    return (
        Application.objects.of(applicant_id)
        .filter(call__slug=slug)
        .select_related("call")
        .annotate(ticked=Count("themes"))
        .order_by("pk")
    )


MARKERS = {"applicant_id": -2_000_000_017, "slug": "\ue000slug"}


def rows(applications) -> list[tuple]:
    return [(a.pk, a.city, a.call.pk, a.call.title, a.ticked, a.updated_at) for a in applications]


def test_the_rows_are_the_querysets_for_every_value(django_assert_num_queries):
    kept = KeptQuery(of_officer, **MARKERS)
    themes = [ThemeFactory(), ThemeFactory()]
    calls = [CallFactory(themes=themes), CallFactory(themes=themes)]
    officers = [UserFactory(), UserFactory()]
    for officer in officers:
        for call in calls:
            ApplicationFactory(call=call, applicant=officer, themes=themes[: officer.pk % 2 + 1])
    kept(applicant_id=0, slug="")  # compiled now
    for officer in officers:
        for call in calls:
            with django_assert_num_queries(1):  # the call comes with it
                found = rows(kept(applicant_id=officer.pk, slug=call.slug))
            assert found == rows(of_officer(officer.pk, call.slug)) and len(found) == 1
    assert kept(applicant_id=officers[0].pk, slug="no-such-call") == []


def test_the_queryset_is_built_and_compiled_once(django_assert_num_queries):
    built = []

    def build(applicant_id, slug):
        built.append((applicant_id, slug))
        return of_officer(applicant_id, slug)

    kept = KeptQuery(build, **MARKERS)
    application = ApplicationFactory()
    for _ in range(3):
        found = kept(applicant_id=application.applicant_id, slug=application.call.slug)
        assert [a.pk for a in found] == [application.pk]
    assert built == [(-2_000_000_017, "\ue000slug")]


def test_a_marker_that_is_not_a_parameter_is_refused():
    kept = KeptQuery(lambda applicant_id, slug: of_officer(7, slug), **MARKERS)
    with pytest.raises(ValueError, match="applicant_id"):
        kept(applicant_id=1, slug="a")


def test_every_value_is_asked_for():
    kept = KeptQuery(of_officer, **MARKERS)
    with pytest.raises(TypeError):
        kept(applicant_id=1)


def one_application() -> tuple[KeptQuery, dict, int]:
    """A kept query, the values that find one application, and its id."""
    application = ApplicationFactory()
    values = {"applicant_id": application.applicant_id, "slug": application.call.slug}
    return KeptQuery(of_officer, **MARKERS), values, application.pk


@pytest.mark.django_db(transaction=True)
def test_a_query_compiled_in_one_thread_runs_on_another_threads_connection():
    kept, values, pk = one_application()
    assert [a.pk for a in kept(**values)] == [pk]
    found, used = [], []
    mine = connections["default"]

    def other_thread():
        own = connections["default"]
        try:
            found.extend(a.pk for a in kept(**values))
            used.append(own is not mine and own.connection is not None)
        finally:
            own.close()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert found == [pk] and used == [True]


def test_on_postgresql_the_query_is_prepared_once_per_connection(django_assert_num_queries):
    kept, values, pk = one_application()
    connection = connections["default"]
    prepared = connection.vendor == "postgresql"
    for _ in range(2):
        with django_assert_num_queries(1) as captured:  # PREPARE is the connection's set-up
            assert [a.pk for a in kept(**values)] == [pk]
        sql = captured.captured_queries[0]["sql"]
        assert sql.startswith(f"EXECUTE {kept.name}(") if prepared else sql.startswith("SELECT")
    if prepared:
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM pg_prepared_statements WHERE name = %s", [kept.name])
            assert cursor.fetchall() == [(kept.name,)]


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_again():
    kept, values, pk = one_application()
    assert [a.pk for a in kept(**values)] == [pk]
    connections["default"].close()
    assert [a.pk for a in kept(**values)] == [pk]


def test_numbered_parameters_for_postgresql():
    assert numbered("SELECT %s, '100%%' WHERE a = %s") == "SELECT $1, '100%' WHERE a = $2"


@pytest.mark.django_db(transaction=True)
def test_a_lost_connection_while_preparing_is_djangos_error_and_is_not_used_again():
    """The server gone before the query is prepared on a connection: Django's own error (the
    platform's 503 page answers it), and Django then replaces the connection."""
    from django.db import utils

    kept, values, pk = one_application()
    connection = connections["default"]
    if connection.vendor != "postgresql":  # SQLite: nothing is prepared
        assert [a.pk for a in kept(**values)] == [pk]
        assert "kept_prepared" not in connection.__dict__
        return
    connection.ensure_connection()
    connection.connection.close()  # the driver's connection, behind Django's back
    with pytest.raises(utils.InterfaceError):
        kept(**values)
    assert connection.errors_occurred
    connection.close_if_unusable_or_obsolete()
    assert [a.pk for a in kept(**values)] == [pk]
