"""A real `celery -A marketplace worker` subprocess for the Redis-group integration tests.

The worker shares the test's PostgreSQL database (a transactional test: it sees committed rows
only) and listens on a queue of the test's own, so tests never take each other's tasks. It runs
in its own process group, so `kill()` takes it down at once (SIGKILL, no goodbye to the broker),
as a crashed machine would.
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection

from tests.progress_wait import slowness

ROOT = Path(__file__).resolve().parents[1]
# A cap, not a deadline: start-up fails at once when the process exits, and on a loaded
# machine a start-up may take many times its idle 2-3 s.
START_CAP_SECONDS = 300
STOP_TIMEOUT_SECONDS = 20
LIFETIME_SECONDS = 15 * 60
TIMEOUT = shutil.which("timeout") or "/usr/bin/timeout"  # coreutils


def shared_database_url() -> str:
    """DATABASE_URL of the database this test runs on, for a worker to use."""
    database = settings.DATABASES["default"]
    assert connection.vendor == "postgresql", "the worker needs a database it can share"
    user = database["USER"] or "postgres"
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    host = database["HOST"] or "127.0.0.1"
    port = database["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{database['NAME']}"


def worker_environment(**extra: str) -> dict[str, str]:
    """The test's environment, pointed at its database and Redis, with quiet message backends."""
    return {
        **os.environ,
        "DATABASE_URL": shared_database_url(),
        "REDIS_URL": os.environ["REDIS_URL"],
        "SMS_BACKEND": "marketplace.sms.LoggingSMSBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "DB_CONN_MAX_AGE": "0",
        **extra,
    }


@dataclass
class Worker:
    process: subprocess.Popen
    queue: str
    log: Path
    started_in: float = 0.0  # seconds from launch to "ready.": how loaded the machine is

    def output(self) -> str:
        return self.log.read_text()

    def log_size(self) -> int:
        """Grows while the worker does anything (receives, runs, retries a task)."""
        try:
            return self.log.stat().st_size
        except FileNotFoundError:
            return 0

    @property
    def slowness(self) -> float:
        return slowness(self.started_in)

    def kill(self) -> None:
        """SIGKILL the whole process group: tasks in hand stay unacknowledged in Redis."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        """Warm shutdown (SIGTERM), then SIGKILL if it takes too long."""
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.kill()


def worker_start(*, queue: str, log: Path, env: dict[str, str], pool: str = "solo") -> Worker:
    """Start a worker on `queue`, logging to `log`; returns once it says it is ready."""
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                # `timeout`: a worker orphaned by a killed test run still ends.
                TIMEOUT, "--kill-after=20", str(LIFETIME_SECONDS),
                sys.executable, "-m", "celery", "-A", "marketplace", "worker",
                f"--pool={pool}", "--queues", queue, "--loglevel=info",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    worker = Worker(process=process, queue=queue, log=log)
    launched = time.monotonic()
    while "ready." not in worker.output():
        if process.poll() is not None or time.monotonic() - launched > START_CAP_SECONDS:
            worker.kill()
            raise AssertionError("the worker did not start:\n" + worker.output())
        time.sleep(0.1)
    worker.started_in = time.monotonic() - launched
    return worker


@contextlib.contextmanager
def running_worker(*, queue: str, log: Path, env: dict[str, str]) -> Iterator[Worker]:
    worker = worker_start(queue=queue, log=log, env=env)
    try:
        yield worker
    finally:
        worker.stop()


def queue_purge(queue: str) -> int:
    """Drop `queue`'s waiting messages and those taken by workers that died holding them
    (kombu's Redis transport keeps those in the `unacked` hash until the visibility timeout
    puts them back). Returns how many were dropped."""
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    dropped = client.llen(queue)
    client.delete(queue)
    for tag, payload in client.hgetall("unacked").items():
        _message, _exchange, routing_key = json.loads(payload)
        if routing_key == queue:
            client.zrem("unacked_index", tag)
            client.hdel("unacked", tag)
            dropped += 1
    return dropped
