"""Work written down as pending rows and handed to Celery: how much is waiting, and the sweep
that hands the forgotten part to Celery again.

A task can be lost between its row and a worker: the broker was down when it was published
(marketplace.task_publishing), or Redis restarted empty. Each kind of work registers here (the
marketplace its notifications; the orders app its payout sends, from its AppConfig.ready, so
this module imports no app); `pending_requeue_all` runs every sweep (Celery beat runs the
`marketplace.requeue_pending` task; `manage.py requeue_pending` by hand), and the Wagtail
dashboard shows `pending_waiting`. Re-queuing is always safe: every send is idempotent
(notification rows are locked and skipped once sent; payouts carry one idempotency key).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise


@dataclass(frozen=True)
class Waiting:
    count: int
    oldest: datetime | None  # when the longest-waiting one was queued


@dataclass(frozen=True)
class PendingWork:
    name: str
    label: str | Promise
    waiting: Callable[[], Waiting]  # everything not done yet, however recent
    requeue: Callable[[], int]  # hands the overdue ones to Celery again; returns how many


_registry: dict[str, PendingWork] = {}


def pending_work_register(work: PendingWork) -> None:
    _registry[work.name] = work


def pending_work() -> list[PendingWork]:
    return list(_registry.values())


def pending_waiting() -> list[tuple[PendingWork, Waiting]]:
    return [(work, work.waiting()) for work in pending_work()]


def pending_requeue_all() -> dict[str, int]:
    """Re-queue every kind of overdue work; how many of each were handed to Celery."""
    return {work.name: work.requeue() for work in pending_work()}
