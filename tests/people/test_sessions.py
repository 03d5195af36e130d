"""A signed-in page reads its session and the person's keys from Redis in one round trip."""

import os

import pytest
import redis
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache

from people import sessions
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/accessibility/"


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url.startswith("redis://"):
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the session tests against Redis (set REDIS_URL).")
        pytest.skip("needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0")
    return url.rsplit("/", 1)[0] + "/9"


@pytest.fixture
def shared(settings, redis_url):
    """As in production: the cache on Redis, sessions through people.sessions, rows kept."""
    settings.CACHES = {"default": {"BACKEND": "consolidate.cache.RedisCache",
                                   "LOCATION": redis_url}}  # fmt: skip
    settings.SESSION_ENGINE = "people.sessions"
    settings.SIGNED_IN_USER_SECONDS = 300
    cache.clear()
    yield redis.Redis.from_url(redis_url)
    cache.clear()


@pytest.fixture(autouse=True)
def no_guesses():
    sessions._people.clear()
    yield
    sessions._people.clear()


def reads(server: redis.Redis, client, path=PAGE) -> tuple[list[str], object]:
    """The read commands Redis answered during one page (MONITOR would need a second client:
    the server's per-command counters say the same)."""
    before = server.info("commandstats")
    response = client.get(path)
    after = server.info("commandstats")
    done = []
    for command in ("cmdstat_get", "cmdstat_mget"):
        calls = after.get(command, {}).get("calls", 0) - before.get(command, {}).get("calls", 0)
        done += [command.removeprefix("cmdstat_")] * calls
    return done, response


def test_after_its_first_page_a_session_is_read_with_the_person_in_one_round_trip(shared, client):
    person = UserFactory()
    client.force_login(person)
    first, response = reads(shared, client)
    assert response.wsgi_request.user == person
    assert first[:2] == ["get", "mget"]  # the session, then the person's row and menu keys
    for _ in range(2):
        done, response = reads(shared, client)
        assert done == ["mget"]
        assert response.status_code == 200 and response.wsgi_request.user == person
        assert person.email in response.content.decode()


def test_a_guess_naming_someone_else_is_not_used(shared, client):
    """The guess only says which keys to read with the session: the session decides who it is."""
    person, other = UserFactory(), UserFactory()
    client.force_login(person)
    client.get(PAGE)  # the other person's row is kept as well
    other_client = type(client)()
    other_client.force_login(other)
    other_client.get(PAGE)
    sessions._people[client.session.session_key] = str(other.pk)
    done, response = reads(shared, client)
    assert response.wsgi_request.user == person
    assert other.email not in response.content.decode()
    assert done == ["mget", "mget"]  # the guess's keys were of no use: the person's read after
    assert sessions._people[client.session.session_key] == str(person.pk)


def test_a_session_ended_elsewhere_is_ended_on_the_next_page(shared, client):
    person = UserFactory()
    client.force_login(person)
    client.get(PAGE)
    client.get(PAGE)  # read with its guess now
    store = sessions.SessionStore(client.session.session_key)
    store.delete()  # signed out in another tab, served by another process
    _, response = reads(shared, client)
    assert not response.wsgi_request.user.is_authenticated


def test_a_session_that_names_nobody_is_not_guessed(shared, client):
    client.get(PAGE)
    session = sessions.SessionStore()
    session["anything"] = "kept"
    session.create()
    store = sessions.SessionStore(session.session_key)
    assert store.load() == {"anything": "kept"}
    assert session.session_key not in sessions._people


def test_the_guesses_are_bounded(shared, monkeypatch):
    monkeypatch.setattr(sessions, "MAX_GUESSES", 3)
    people = UserFactory.create_batch(4)
    for person in people:
        session = sessions.SessionStore()
        session[SESSION_KEY] = str(person.pk)
        session.create()
        sessions.SessionStore(session.session_key).load()
    assert len(sessions._people) <= 3
    assert str(people[-1].pk) in sessions._people.values()
