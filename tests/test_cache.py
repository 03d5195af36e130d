"""The shared cache while Redis is down: a miss, not an error."""

import logging
import os

import pytest

from consolidate.cache import RedisCache
from tests.faults.processes import free_port


def unreachable_cache() -> RedisCache:
    location = f"redis://127.0.0.1:{free_port()}/1"  # nothing listens there
    return RedisCache(location, {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}})


def test_a_cache_whose_redis_is_down_answers_not_cached_and_logs_it(caplog):
    cache = unreachable_cache()
    with caplog.at_level(logging.WARNING, logger="consolidate.cache"):
        cache.set("page", "text")
        assert cache.get("page", "fallback") == "fallback"
        assert cache.get_many(["page"]) == {}
        assert cache.add("page", "text") is False
        assert cache.delete("page") is False
        assert "page" not in cache
    assert "cache unavailable, set skipped" in caplog.text


def test_a_counter_in_an_unreachable_cache_is_missing_as_a_counter_would_be():
    cache = unreachable_cache()
    try:
        cache.incr("attempts")
    except ValueError as error:
        assert "not found" in str(error)
    else:
        raise AssertionError("incr must say the key is missing")


def test_one_redis_client_serves_every_operation_of_a_cache():
    """Django makes a ``redis.Redis`` per get and set; ours makes one per connection pool."""
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url.startswith("redis://"):
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the cache tests against Redis (set REDIS_URL).")
        pytest.skip("needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0")
    cache = RedisCache(redis_url.rsplit("/", 1)[0] + "/9", {})
    cache.set("page", "text")
    first = cache._cache.get_client("page")
    assert cache.get("page") == "text"
    assert cache._cache.get_client("other", write=True) is first
    cache.delete("page")
    assert cache.get("page") is None
