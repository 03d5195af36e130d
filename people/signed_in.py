"""The signed-in person, read from the shared cache instead of the database on every page.

Django's ``AuthenticationMiddleware`` reads the person's row from the database on every request
of a session. Their row changes rarely (a log-in, a new name or address, a new password, staff
deactivating them), always through ``save()``. So with a shared cache (``CACHE_URL``), the row
Django read is kept there for ``SIGNED_IN_USER_SECONDS``, under the person's id, and dropped by
every save or deletion of that person (the receivers below): the next page reads it again.

Every signed-in page of a person reads a few more cache keys (``registry.signed_in_reads``: the
menu's "My visits"); they are read in the same round trip as the row and handed over as
``user.kept_reads`` (each asked key, None where the cache had nothing). Where the session engine
is ``people.sessions``, that round trip is usually the session's own.

Only the quick, sure case is ours. The cache's row is used when the session names a person and
one of our authentication backends, and the session's hash matches the row's password, exactly
as Django checks it. Anything else (no cached row, a session the row does not verify, a Redis
outage that makes every read a miss) is handed to Django's own ``get_user``, which reads the
database and ends a session that no longer holds.

Without a shared cache the setting is 0 and Django's middleware is unchanged: a cache in each
process would keep a row another process has changed. A change made without ``save()``
(``QuerySet.update``) reaches pages within ``SIGNED_IN_USER_SECONDS``; the code makes none.
"""

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from consolidate import registry


def _key(user_id) -> str:
    return f"people:signed-in:{user_id}"


def _verifies(session, user) -> bool:
    """The session's hash matches the row's password (a new password ends other sessions)."""
    session_hash = session.get(auth.HASH_SESSION_KEY)
    return bool(session_hash) and constant_time_compare(session_hash, user.get_session_auth_hash())


def signed_in_keys(user_id) -> list[str]:
    """What a signed-in page of this person reads from the cache: the row's key first."""
    others = [key for keys in registry.signed_in_reads.values() for key in keys(user_id)]
    return [_key(user_id), *others]


def _read_with_session(session, user_id, keys: list[str]) -> dict:
    """The person's keys: read with the session where it read them for this person
    (people/sessions.py), else now."""
    read = getattr(session, "read_with_session", None)
    if read is not None and read[0] == user_id:
        return read[1]
    return cache.get_many(keys)


def signed_in_user(request):
    """Django's ``auth.get_user(request)``, with the person's row from the shared cache."""
    session = request.session
    user_id = session.get(auth.SESSION_KEY)
    if user_id is None or session.get(auth.BACKEND_SESSION_KEY) not in (
        settings.AUTHENTICATION_BACKENDS
    ):
        return auth.get_user(request)
    row_key, *others = keys = signed_in_keys(user_id)
    kept = _read_with_session(session, user_id, keys)
    user = kept.get(row_key)
    if user is not None and _verifies(session, user):
        user.kept_reads = {key: kept.get(key) for key in others}
        return user
    user = auth.get_user(request)  # the database; a session that no longer holds is ended
    if user.is_authenticated:
        # Kept as read, before this request caches permissions or anything else on it.
        cache.set(_key(user.pk), user, settings.SIGNED_IN_USER_SECONDS)
    return user


class KeptUserAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's middleware, reading the person through ``signed_in_user`` when there is a shared
    cache (``SIGNED_IN_USER_SECONDS`` above 0)."""

    def process_request(self, request):
        super().process_request(request)
        if settings.SIGNED_IN_USER_SECONDS:
            request.user = SimpleLazyObject(lambda: signed_in_user(request))


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def _forget(sender, instance, **kwargs) -> None:
    """Any change of a person's row: their next page reads it from the database again."""
    cache.delete(_key(instance.pk))
