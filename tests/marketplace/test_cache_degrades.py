"""Redis down: the cache degrades to none (a miss, a no-op), with one warning, not an error."""

import logging

import pytest

from marketplace import cache as cache_module
from marketplace.cache import RedisCache
from tests.redis_server import refused_port


@pytest.fixture(autouse=True)
def _no_earlier_warning(monkeypatch):
    monkeypatch.setattr(cache_module, "_last_warning_at", None)
    monkeypatch.setattr(cache_module, "_down", False)


@pytest.fixture
def _refused():
    with refused_port() as port:
        yield port


def _unreachable_cache(port: int) -> RedisCache:
    return RedisCache(f"redis://127.0.0.1:{port}/0", {})  # nothing listens there


def test_an_unreachable_redis_reads_as_a_miss_and_writes_as_nothing(settings, _refused):
    settings.CACHE_DOWN_RETRY_SECONDS = 0
    cache = _unreachable_cache(_refused)
    assert cache.get("k") is None
    assert cache.get("k", "fallback") == "fallback"
    assert cache.set("k", 1, 30) is None
    assert cache.add("k", 1, 30) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1}) == ["a"]
    assert cache.delete("k") is False
    cache.delete_many(["a"])
    assert cache.has_key("k") is False
    assert cache.touch("k") is False
    assert cache.get_or_set("k", 5) == 5
    with pytest.raises(ValueError):
        cache.incr("k")  # as for a missing key: callers already handle it
    cache.clear()


def test_the_warning_is_logged_once_while_redis_stays_down(settings, caplog, _refused):
    settings.CACHE_DOWN_RETRY_SECONDS = 0
    settings.CACHE_DOWN_WARNING_SECONDS = 60
    cache = _unreachable_cache(_refused)
    with caplog.at_level(logging.WARNING, logger="marketplace.cache"):
        for _ in range(20):
            cache.get("k")
            cache.set("k", 1)
    warnings = [r for r in caplog.records if r.name == "marketplace.cache"]
    assert len(warnings) == 1
    assert "Redis cache unreachable" in warnings[0].getMessage()


def test_while_marked_down_redis_is_not_asked_again_until_the_retry_time(settings, _refused):
    settings.CACHE_DOWN_RETRY_SECONDS = 60
    cache = _unreachable_cache(_refused)
    cache.get("k")
    calls = []
    cache._cache.get = lambda *args, **kwargs: calls.append(args)
    assert cache.get("k", "miss") == "miss"
    assert calls == []
