"""Site-wide Celery tasks (the app's own tasks live in each app's tasks.py)."""

from celery import shared_task

from marketplace.pending_work import pending_requeue_all

PING = "marketplace.ping"
REQUEUE_PENDING = "marketplace.requeue_pending"


@shared_task(name=PING)
def ping() -> str:
    """Health check: a worker is consuming and the result backend answers.

    `ping.delay().get(timeout=10) == "pong"`; also the no-op baseline of `make bench`'s task
    section (bench/tasks.py). Touches neither the database nor any other service.
    """
    return "pong"


@shared_task(name=REQUEUE_PENDING, ignore_result=True)
def requeue_pending() -> dict[str, int]:
    """Hand the work whose task was lost (pending longer than its set time) to Celery again:
    notifications, and whatever the apps registered (payout sends). Run by Celery beat;
    `manage.py requeue_pending` by hand. Idempotent: every send skips what is done."""
    return pending_requeue_all()


RUN_EXPORT = "marketplace.run_export"


@shared_task(name=RUN_EXPORT, ignore_result=True)
def run_export(job_id: int) -> None:
    """Write one long export's file (marketplace.exports.services.export_run); idempotent:
    a done export is skipped, a redelivered or restarted one starts again from the top."""
    from marketplace.exports.services import export_run

    export_run(job_id=job_id)
