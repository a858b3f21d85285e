"""Django's Redis cache backend, keeping one redis client per connection pool, and degrading to
no cache at all while Redis cannot be reached.

Django's RedisCacheClient builds a new `redis.Redis` for every cache call, and each one fills
a table of about 200 response callbacks: a checkout makes six cache calls (sessions, page
cache), and building their clients cost almost as much CPU as the calls (profiled). A client
only wraps its pool, so one per pool serves every call (Django keeps a cache backend per
thread, so no thread shares it).

Redis down: a read is a miss, a write does nothing, `incr` raises ValueError as for a missing
key, so the page cache renders pages afresh and sessions (cached_db) are read from and written
to the database. One warning per CACHE_DOWN_WARNING_SECONDS per process says so; after a
failure, Redis is not asked again for CACHE_DOWN_RETRY_SECONDS (each call would otherwise wait
for the connect timeout), then the next call tries it again, so the cache comes back by itself.
"""

import functools
import logging
import threading
import time

import redis
from django.conf import settings
from django.core.cache.backends import redis as django_redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from marketplace.django_private import redis_cache_client_class_set, redis_connection_pool

logger = logging.getLogger(__name__)

# Errors meaning "Redis is not there"; anything else (a wrong command, a full memory) is a bug
# or a configuration problem and still raises.
DOWN_ERRORS = (redis.ConnectionError, redis.TimeoutError)
# Socket options unless CACHES' OPTIONS say otherwise: a Redis that does not answer costs a
# request this long at most, then the cache is skipped.
DEFAULT_POOL_OPTIONS = {
    "socket_connect_timeout": 1.0,
    "socket_timeout": 2.0,
    # One immediate retry: a pooled connection broken by a Redis restart is replaced.
    "retry": Retry(NoBackoff(), 1),
}

_warning_lock = threading.Lock()
_last_warning_at: float | None = None  # monotonic time of the last "unreachable" warning
_down = False  # the last call in this process failed


def _report_down(error: Exception) -> None:
    global _last_warning_at, _down
    with _warning_lock:
        _down = True
        now = time.monotonic()
        if (
            _last_warning_at is not None
            and now - _last_warning_at < settings.CACHE_DOWN_WARNING_SECONDS
        ):
            return
        _last_warning_at = now
    logger.warning(
        "Redis cache unreachable (%s: %s); serving without a cache until it is back",
        type(error).__name__,
        error,
    )


def _report_up() -> None:
    global _last_warning_at, _down
    with _warning_lock:
        if not _down:
            return
        _down, _last_warning_at = False, None
    logger.info("Redis cache reachable again")


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{**DEFAULT_POOL_OPTIONS, **kwargs})
        self._clients_by_pool: dict[redis.ConnectionPool, redis.Redis] = {}

    def get_client(self, key=None, *, write=False):
        pool = redis_connection_pool(self, write=write)
        client = self._clients_by_pool.get(pool)
        if client is None:
            client = self._clients_by_pool[pool] = redis.Redis(connection_pool=pool)
        return client


def _cache_miss(*args, **kwargs):
    raise ValueError("Key not found: the cache is unavailable")


def _degrading(name: str, when_down):
    """RedisCache's `name`, answering `when_down(*args, **kwargs)` while Redis is down."""
    method = getattr(django_redis.RedisCache, name)

    @functools.wraps(method)
    def degrading(self, *args, **kwargs):
        if time.monotonic() < self._skip_until:
            return when_down(*args, **kwargs)
        try:
            result = method(self, *args, **kwargs)
        except DOWN_ERRORS as error:
            self._skip_until = time.monotonic() + settings.CACHE_DOWN_RETRY_SECONDS
            _report_down(error)
            return when_down(*args, **kwargs)
        if _down:
            _report_up()
        return result

    return degrading


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        redis_cache_client_class_set(self, RedisCacheClient)
        self._skip_until = 0.0  # Redis failed: not asked again before this monotonic time

    get = _degrading("get", lambda key, default=None, version=None: default)
    set = _degrading("set", lambda *args, **kwargs: None)
    add = _degrading("add", lambda *args, **kwargs: False)
    touch = _degrading("touch", lambda *args, **kwargs: False)
    delete = _degrading("delete", lambda *args, **kwargs: False)
    has_key = _degrading("has_key", lambda *args, **kwargs: False)
    incr = _degrading("incr", _cache_miss)
    get_many = _degrading("get_many", lambda *args, **kwargs: {})
    set_many = _degrading("set_many", lambda data, *args, **kwargs: list(data))
    delete_many = _degrading("delete_many", lambda *args, **kwargs: None)
    clear = _degrading("clear", lambda *args, **kwargs: False)
