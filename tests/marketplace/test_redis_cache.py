"""The Redis cache backend (marketplace.cache) against a real Redis: Django's behaviour, with
one redis client per connection pool instead of one per call."""

import os
import uuid

import pytest
from django.core.cache import caches

from marketplace.cache import RedisCache

pytestmark = pytest.mark.redis


def _url(db: int) -> str:
    base = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9").rsplit("/", 1)[0]
    return f"{base}/{db}"


def test_the_configured_cache_is_this_backend_and_round_trips():
    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    key = f"test-{uuid.uuid4().hex}"
    cache.set(key, {"cart": {"12": 3}}, 30)
    assert cache.get(key) == {"cart": {"12": 3}}
    assert cache.add(key, "other", 30) is False
    assert cache.add(f"{key}-n", 1, 30) is True
    assert cache.incr(f"{key}-n") == 2
    cache.delete_many([key, f"{key}-n"])
    assert cache.get_many([key, f"{key}-n"]) == {}


def test_calls_share_one_client_per_pool():
    client = caches["default"]._cache
    assert client.get_client() is client.get_client(write=True)
    assert client.get_client().connection_pool is client.get_client("any-key").connection_pool


def test_reads_go_to_the_replicas_and_writes_to_the_first_server():
    backend = RedisCache(f"{_url(9)},{_url(10)}", {})
    key = f"test-{uuid.uuid4().hex}"
    try:
        backend.set(key, "written", 30)
        # Database 10 stands in for a replica that has not received the write.
        assert backend.get(key) is None
        assert backend._cache.get_client(write=True).get(backend.make_and_validate_key(key))
        replica = backend._cache.get_client()
        assert replica is backend._cache.get_client()
        assert replica.connection_pool.connection_kwargs["db"] == 10
    finally:
        backend.delete(key)
