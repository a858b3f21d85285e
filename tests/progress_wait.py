"""Waiting for a real worker, PostgreSQL or Redis without fixed-seconds deadlines.

On a loaded machine everything is slower, so a fixed deadline either flakes there or is so long
that a hang takes minutes to report. `wait_until` waits as long as the work keeps moving: it
fails when `progress()` (a snapshot of what the work changes: rows, a worker's log, requests
seen by a fake server) has not changed for `stall_seconds`, or at `cap_seconds` overall, a
generous bound that only a livelock reaches. Expected quiet spells (a visibility timeout, a
retry countdown) belong in `stall_seconds`; `slowness()` scales them by how slow this machine
measured itself to be (a worker's start-up time against an idle machine's).
"""

import time
from collections.abc import Callable

IDLE_WORKER_START_SECONDS = 2.5  # `celery worker` start-up on an idle 2-core machine
CAP_SECONDS = 600


class Stalled(AssertionError):
    pass


def slowness(measured_start_seconds: float | None) -> float:
    """How many times slower than idle this machine is now (at least 1)."""
    if not measured_start_seconds:
        return 1.0
    return max(1.0, measured_start_seconds / IDLE_WORKER_START_SECONDS)


def wait_until(
    done: Callable[[], object],
    *,
    progress: Callable[[], object],
    stall_seconds: float,
    what: str,
    details: Callable[[], str] = lambda: "",
    cap_seconds: float = CAP_SECONDS,
    poll_seconds: float = 0.1,
) -> float:
    """Poll `done()` until true; returns the seconds waited. Fails (with `details()`) when
    `progress()` stays the same for `stall_seconds`, or after `cap_seconds`."""
    started = last_change = time.monotonic()
    last = progress()
    while not done():
        now = time.monotonic()
        current = progress()
        if current != last:
            last, last_change = current, now
        if now - last_change > stall_seconds or now - started > cap_seconds:
            reason = (
                f"no progress for {now - last_change:.1f} s"
                if now - started <= cap_seconds
                else f"still moving after the {cap_seconds:.0f} s cap"
            )
            raise Stalled(f"{what}: {reason} (last state {last!r})\n{details()}")
        time.sleep(poll_seconds)
    return time.monotonic() - started
