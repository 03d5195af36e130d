"""Autosave: what the browser posts every few seconds while an officer types."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import Application
from applications.services import autosave_draft
from consolidate.refusals import Refused
from tests.applications.test_views import form_data, url
from tests.factories import CallFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db

# Session, user, the application with its call and its ticked themes (applications/ticked.py),
# the UPDATE. The verified e-mail is remembered in the session (people/verified.py) and the
# call's themes kept per version of the call (calls/themes.py) since the first post.
AUTOSAVE_QUERIES = 4


@pytest.fixture
def officer(client):
    user = UserFactory(roles=["applicant"])
    client.force_login(user)
    return user


@pytest.fixture
def call():
    call = CallFactory(time_zone="Europe/Brussels")
    call.themes.add(ThemeFactory(), ThemeFactory())
    return call


def writes(captured) -> list[str]:
    # EXECUTE: on PostgreSQL, the application's read, prepared (consolidate/kept_queries.py).
    reads = ("SELECT", "EXECUTE")
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(reads)]


def test_autosave_writes_only_the_changed_field_in_one_update(
    client, officer, call, django_assert_num_queries
):
    client.post(url("autosave", call), form_data(call, challenge="first"))
    data = form_data(call, challenge="second")

    with django_assert_num_queries(AUTOSAVE_QUERIES) as captured:
        response = client.post(url("autosave", call), data)

    assert response.status_code == 200
    assert response.json()["saved_at_label"].startswith("Draft saved at ")
    (update,) = writes(captured)
    assert update.startswith('UPDATE "applications_application" SET "challenge" =')
    assert '"city"' not in update.split("WHERE")[0]
    application = Application.objects.get(applicant=officer)
    assert (application.challenge, application.city) == ("second", "Lyon")


def test_autosave_with_nothing_changed_writes_nothing(
    client, officer, call, django_assert_num_queries
):
    data = form_data(call, challenge="same")
    client.post(url("autosave", call), data)
    before = Application.objects.get(applicant=officer).updated_at

    with django_assert_num_queries(AUTOSAVE_QUERIES - 1) as captured:
        response = client.post(url("autosave", call), data)

    assert response.status_code == 200 and writes(captured) == []
    assert Application.objects.get(applicant=officer).updated_at == before


def test_autosave_queries_do_not_grow_with_the_calls_themes(
    client, officer, call, django_assert_num_queries
):
    for _ in range(6):
        call.themes.add(ThemeFactory())
    client.post(url("autosave", call), form_data(call, challenge="first"))
    data = form_data(call, challenge="second")

    with django_assert_num_queries(AUTOSAVE_QUERIES):
        client.post(url("autosave", call), data)


def test_autosave_stores_changed_themes_with_the_answers(client, officer, call):
    first, second = list(call.themes.all())[:2]
    client.post(url("autosave", call), form_data(call, themes=[first.pk]))
    data = form_data(call, themes=[second.pk])

    with CaptureQueriesContext(connection) as captured:
        response = client.post(url("autosave", call), data)

    assert response.status_code == 200
    application = Application.objects.get(applicant=officer)
    assert list(application.themes.all()) == [second]
    assert not any('SET "city"' in sql for sql in writes(captured))


def test_autosave_unticking_every_theme_clears_them(client, officer, call):
    client.post(url("autosave", call), form_data(call, themes=[t.pk for t in call.themes.all()]))
    response = client.post(url("autosave", call), form_data(call, themes=[]))

    assert response.status_code == 200
    assert list(Application.objects.get(applicant=officer).themes.all()) == []


def test_autosave_refuses_a_theme_the_call_does_not_offer(client, officer, call):
    client.post(url("autosave", call), form_data(call, challenge="kept"))
    other = ThemeFactory()

    response = client.post(url("autosave", call), form_data(call, themes=[other.pk]))

    assert response.status_code == 400 and "themes" in response.json()["errors"]
    assert not Application.objects.get(applicant=officer).themes.filter(pk=other.pk).exists()


def test_autosave_of_a_draft_submitted_meanwhile_is_refused_and_writes_nothing(officer, call):
    draft = Application.objects.create(call=call, applicant=officer, city="Lyon")
    read_before = Application.objects.get(pk=draft.pk)  # as the autosave request read it
    Application.objects.filter(pk=draft.pk).update(
        state=Application.State.SUBMITTED, number=1, reference="T-1", submitted_at=timezone.now()
    )

    with pytest.raises(Refused):
        autosave_draft(read_before, by=officer, answers={"city": "Overwritten"})

    assert Application.objects.get(pk=draft.pk).city == "Lyon"


def test_reading_the_form_writes_nothing(client, officer, call):
    client.post(url("autosave", call), form_data(call, challenge="typed"))
    client.get(url("edit", call))

    with CaptureQueriesContext(connection) as captured:
        page = client.get(url("edit", call))

    assert "typed" in page.content.decode()
    assert writes(captured) == []  # no session, no last-seen, nothing
