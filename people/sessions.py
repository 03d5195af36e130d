"""Django's cached, database-backed sessions, read in one round trip with the person's keys.

A signed-in page reads the session from the shared cache, learns from it who is signed in, and
only then reads that person's row and the menu's keys (``people/signed_in.py``): two round trips
to Redis one after the other, each a wait in which the worker does nothing. Each process keeps,
per session key, the person the session named when it last read it. With that guess, the session
and the person's keys are asked in one ``MGET``, and ``signed_in_user`` takes the answers.

The guess decides nothing. ``signed_in_user`` uses what was read with the session only when the
session, read in that same round trip, names the same person; otherwise, it reads as before. A
session that names nobody, a new one, or one this process has not read yet is read as Django
reads it. The guesses are bounded (``MAX_GUESSES``) and forgotten all at once when full.
"""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import cached_db

from people.signed_in import signed_in_keys

MAX_GUESSES = 10_000
_people: dict[str, str] = {}  # session key -> the person it named when this process last read it


class SessionStore(cached_db.SessionStore):
    # (the person guessed, {key: value or None}) read with the session, for signed_in_user.
    read_with_session: tuple[str, dict] | None = None

    def load(self) -> dict:
        session_key = self.session_key
        guess = _people.get(session_key) if session_key else None
        if guess is None or not settings.SIGNED_IN_USER_SECONDS:
            data = super().load()
        else:
            data = self._load_with(guess)
        if session_key:
            _remember(session_key, data.get(SESSION_KEY))
        return data

    def _load_with(self, guess: str) -> dict:
        keys = signed_in_keys(guess)
        read = self._cache.get_many([self.cache_key, *keys])
        data = read.get(self.cache_key)
        if data is None:  # not in the cache: the database, as Django reads it
            return super().load()
        self.read_with_session = (guess, {key: read.get(key) for key in keys})
        return data


def _remember(session_key: str, person) -> None:
    if person is None:
        _people.pop(session_key, None)
        return
    if len(_people) >= MAX_GUESSES:
        _people.clear()
    _people[session_key] = person
