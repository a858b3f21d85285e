"""The Celery worker the tasks section measures, and its Redis queue: a real `celery -A
marketplace worker` on QUEUE in a process group of its own, and the queue's state as kombu
keeps it in Redis."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from bench.run_common import ROOT
from bench.tasks_common import QUEUE, SECTION_TIMEOUT_SECONDS, WORKER_START_TIMEOUT_SECONDS


class Worker:
    """`celery -A marketplace worker` on QUEUE, in its own process group."""

    def __init__(self, *, pool: str, concurrency: int, log: Path):
        self.name = f"bench-tasks-{uuid.uuid4().hex[:6]}@localhost"
        self.log = log
        with log.open("w") as output:
            self.process = subprocess.Popen(
                [
                    # `timeout`: even a worker orphaned by a killed bench dies in the end.
                    shutil.which("timeout") or "/usr/bin/timeout",
                    "--kill-after=20", str(SECTION_TIMEOUT_SECONDS),
                    sys.executable, "-m", "celery", "-A", "marketplace", "worker",
                    f"--pool={pool}", f"--concurrency={concurrency}", "--queues", QUEUE,
                    "--hostname", self.name, "--loglevel=warning",
                    "--without-gossip", "--without-mingle", "--without-heartbeat",
                ],
                cwd=ROOT,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def wait_ready(self, app) -> None:
        deadline = time.monotonic() + WORKER_START_TIMEOUT_SECONDS
        while not app.control.ping(destination=[self.name], timeout=0.5):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the worker did not start; see {self.log}")

    def accepted(self, app) -> dict[str, int]:
        """Tasks the worker started since it started, by name."""
        stats = app.control.inspect(destination=[self.name], timeout=5).stats() or {}
        return stats.get(self.name, {}).get("total", {})

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def queue_purge(client) -> None:
    """Waiting messages and those a dead worker held (kombu's `unacked` hash)."""
    client.delete(QUEUE)
    for tag, payload in client.hgetall("unacked").items():
        if json.loads(payload)[2] == QUEUE:
            client.zrem("unacked_index", tag)
            client.hdel("unacked", tag)


def queue_busy(client) -> bool:
    """Messages waiting, or taken and not acknowledged yet (acks late: still running)."""
    unacked = sum(json.loads(p)[2] == QUEUE for p in client.hvals("unacked"))
    return client.llen(QUEUE) > 0 or unacked > 0
