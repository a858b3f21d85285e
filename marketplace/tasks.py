"""Site-wide Celery tasks (the app's own tasks live in each app's tasks.py)."""

from celery import shared_task

PING = "marketplace.ping"


@shared_task(name=PING)
def ping() -> str:
    """Health check: a worker is consuming and the result backend answers.

    `ping.delay().get(timeout=10) == "pong"`; also the no-op baseline of `make bench`'s task
    section (bench/tasks.py). Touches neither the database nor any other service.
    """
    return "pong"
