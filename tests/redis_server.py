"""A throwaway `redis-server` subprocess a test may stop and start again.

The shared Redis (6379) serves every engineer and test run: a test that needs Redis to go away
starts its own on a free port, without persistence, so a restart comes back EMPTY, as a Redis
that lost its memory would.
"""

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import redis
from django.core.cache import caches

from marketplace.celery_app import app as celery_app

# A cap, not a deadline: a redis-server that exits fails at once; a loaded machine may take
# many times its idle few milliseconds to start one.
START_CAP_SECONDS = 120


def free_port() -> int:
    """A port free now, for a server about to be started on it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def refused_port() -> Iterator[int]:
    """A port that refuses connections for as long as the block runs: bound and never
    listening, so no server (of a test group running beside this one) can take it meanwhile
    and answer where a test expects nothing."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        yield holder.getsockname()[1]


class ThrowawayRedis:
    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + START_CAP_SECONDS
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("redis-server did not start") from None
                time.sleep(0.05)

    def stop(self) -> None:
        """Kill it (SIGKILL): everything it held is gone, as in a crash."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None


@contextlib.contextmanager
def throwaway_redis() -> Iterator[ThrowawayRedis]:
    server = ThrowawayRedis()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _celery_pools_reset() -> None:
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextlib.contextmanager
def celery_broker(url: str) -> Iterator[None]:
    """Publish this process's tasks to `url` while inside."""
    before = celery_app.conf.broker_url
    celery_app.conf.broker_url = url
    _celery_pools_reset()
    try:
        yield
    finally:
        celery_app.conf.broker_url = before
        _celery_pools_reset()


def cache_settings(url: str) -> dict:
    """CACHES as settings.py writes them for REDIS_URL=`url`."""
    from django.conf import settings

    default = {**settings.CACHES["default"], "LOCATION": url}
    caches.close_all()
    return {"default": default}
