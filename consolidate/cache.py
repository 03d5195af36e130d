"""The shared cache on Redis, which a Redis outage turns into a cache that remembers nothing.

Sessions are kept in the database as well (``cached_db``), the call pages can be rendered again
and the rate limits count again once Redis is back, so nothing a person is doing needs the cache
to answer: while Redis is down, a read is a miss and a write is dropped, each logged, and the
page is served from the database. Django's own Redis cache would fail the request instead.
The price: while Redis is down, the login rate limits do not count (each skipped write is a
warning in the log, which is where an operator sees the outage).
"""

import functools
import logging

from django.core.cache.backends import redis as django_redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
OUTAGE = (RedisConnectionError, RedisTimeoutError)


def _missing(name: str, *args):
    """What an operation answers when Redis cannot: as if the key were not there."""
    if name == "get":
        return args[1]  # the caller's default
    if name == "incr":
        raise ValueError(f"Key {args[0]!r} not found (the cache is unreachable)")
    return {"get_many": {}, "set_many": [], "add": False, "touch": False, "delete": False,
            "has_key": False}.get(name)  # fmt: skip


def _tolerant(name: str, method):
    @functools.wraps(method)
    def call(self, *args):
        try:
            return method(self, *args)
        except OUTAGE as error:
            logger.warning("cache unavailable, %s skipped: %s", name, error)
            return _missing(name, *args)

    return call


class TolerantClient(django_redis.RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        """One ``redis.Redis`` per connection pool, made once. Django makes a new one for every
        get and set, and its set-up (some 170 reply handlers) costs more than the get itself;
        a client is safe to share between threads, as the pool is."""
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients_by_pool", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


for _name in ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many",
              "delete_many", "clear"):  # fmt: skip
    setattr(TolerantClient, _name, _tolerant(_name, getattr(django_redis.RedisCacheClient, _name)))


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = TolerantClient
