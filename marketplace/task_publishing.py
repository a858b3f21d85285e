"""Handing a task to the broker without letting a broker outage fail the caller.

Tasks are published after commit (notifications, payout sends): the row that says what to do
is already written, pending. When Redis (the broker) is down, publishing raises; the caller's
work is done and must not turn into a 500, so the error is logged and the row stays pending.
The sweep (marketplace.pending_work, run by Celery beat) publishes it again later.
"""

import logging

import kombu.exceptions
import redis

logger = logging.getLogger(__name__)

# The broker cannot be reached (kombu wraps the transport's errors after its publish retries).
PUBLISH_ERRORS = (kombu.exceptions.OperationalError, redis.ConnectionError, redis.TimeoutError)


def task_publish(task, *, args: list, what: str, **options) -> bool:
    """`task.apply_async(args=args, **options)`; False (and a warning) when the broker is
    down. `what` names the work in the warning ("notifications [3, 4]")."""
    try:
        task.apply_async(args=args, **options)
    except PUBLISH_ERRORS as error:
        logger.warning(
            "Could not queue %s: broker unreachable (%s: %s); it stays pending and the "
            "sweep queues it again",
            what,
            type(error).__name__,
            error,
        )
        return False
    return True
