"""Starting, running and restarting long exports (marketplace.exports).

A run claims the job by raising its `attempt`; every later write (progress, the finished file)
is conditional on that attempt, so a restarted run and a late duplicate of the old one never
mix their figures, and a job that is done is never written again (the task is idempotent).
The file is written to a temporary file through SpreadsheetWriter, then saved to default
storage under a random folder; it is only ever served through the requester's download view.
"""

import io
import logging
import tempfile
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.csv_export import SpreadsheetWriter
from marketplace.exports.registry import Params, export_definition
from marketplace.models import ExportJob
from marketplace.pending_work import PendingWork, Waiting
from marketplace.task_publishing import task_publish
from marketplace.users import User

logger = logging.getLogger(__name__)

# Progress is written every this many rows: a few dozen writes for a year of sales.
PROGRESS_EVERY = 500
# A queued export not started, or a running one without progress, for this long was lost
# (broker down, worker killed): the sweep queues it again and its requester may restart it.
STALE_SECONDS_DEFAULT = 300
OPEN_STATUSES = (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING)


class ExportError(Exception):
    """An export that may not be started or restarted by this user."""


def stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "EXPORT_STALE_SECONDS", STALE_SECONDS_DEFAULT))


def export_request(*, user: User, export_name: str, params: Params) -> ExportJob:
    """Record an export for `user` and queue its task after commit."""
    definition = export_definition(export_name)
    if not definition.may_run(user):
        raise ExportError("This export is not yours to run.")
    with transaction.atomic():
        job = ExportJob.objects.create(
            export_name=export_name, params=dict(params), requested_by=user
        )
        export_enqueue(job_id=job.pk)
    return job


def export_enqueue(*, job_id: int) -> None:
    from marketplace.tasks import run_export  # tasks import this module

    transaction.on_commit(
        lambda: task_publish(run_export, args=[job_id], what=f"export {job_id}", **_queue())
    )


def _queue() -> dict[str, str]:
    """settings.EXPORT_QUEUE, when set, gives exports their own queue (and worker)."""
    queue = getattr(settings, "EXPORT_QUEUE", "")
    return {"queue": queue} if queue else {}


def is_stale(job: ExportJob, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return job.status in OPEN_STATUSES and job.heartbeat_at < now - stale_after()


def export_restart(*, user: User, job_id: int) -> ExportJob:
    """Queue the user's failed or stalled export again (a killed worker's, for instance)."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job_id, requested_by=user)
        if not (job.status == ExportJob.Status.FAILED or is_stale(job)):
            raise ExportError("This export is not stalled or failed.")
        if not export_definition(job.export_name).may_run(user):
            raise ExportError("This export is not yours to run.")
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.QUEUED, error="", heartbeat_at=timezone.now()
        )
        export_enqueue(job_id=job.pk)
    job.refresh_from_db()
    return job


def _claim(job_id: int) -> tuple[ExportJob, int] | None:
    """Mark the job running under a new attempt; None when it is already done."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job_id)
        if job.status == ExportJob.Status.DONE:
            return None
        attempt = job.attempt + 1
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.RUNNING,
            attempt=attempt,
            rows_done=0,
            rows_total=None,
            error="",
            heartbeat_at=timezone.now(),
        )
    return job, attempt


def _progress(job_id: int, attempt: int, **fields: object) -> bool:
    """Write progress for this attempt; False when another attempt has taken the job over."""
    return bool(
        ExportJob.objects.filter(pk=job_id, attempt=attempt)
        .exclude(status=ExportJob.Status.DONE)
        .update(heartbeat_at=timezone.now(), **fields)
    )


def export_run(*, job_id: int) -> None:
    """Write the job's file from scratch and offer it; nothing if it is done already."""
    claimed = _claim(job_id)
    if claimed is None:
        return
    job, attempt = claimed
    try:
        _write(job, attempt)
    except Exception as error:
        _progress(job_id, attempt, status=ExportJob.Status.FAILED, error=type(error).__name__)
        raise


def _write(job: ExportJob, attempt: int) -> None:
    definition = export_definition(job.export_name)
    params = job.params
    total = definition.count(params)
    if not _progress(job.pk, attempt, rows_total=total):
        return
    done = 0
    with tempfile.TemporaryFile() as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        text.write("\ufeff")  # the byte order mark: Excel then reads Urdu as UTF-8
        writer = SpreadsheetWriter(text)
        writer.writerow(definition.header())
        for row in definition.rows(params):
            writer.writerow(row)
            done += 1
            if done % PROGRESS_EVERY == 0 and not _progress(job.pk, attempt, rows_done=done):
                logger.info("Export %s: attempt %s was superseded", job.pk, attempt)
                return
        text.flush()
        raw.seek(0)
        name = default_storage.save(
            f"exports/{uuid.uuid4().hex}/{definition.filename(params)}.csv", File(raw)
        )
        text.detach()
    finished = _progress(
        job.pk,
        attempt,
        status=ExportJob.Status.DONE,
        rows_done=done,
        rows_total=done,  # rows recorded since the count are in the file too
        file=name,
        finished_at=timezone.now(),
    )
    if not finished:
        default_storage.delete(name)


# The sweep (marketplace.pending_work): exports whose task was lost are queued again.


def _open_exports() -> QuerySet[ExportJob]:
    return ExportJob.objects.filter(status__in=OPEN_STATUSES)


def exports_waiting() -> Waiting:
    jobs = _open_exports().order_by("created_at")
    oldest = jobs.values_list("created_at", flat=True).first()
    return Waiting(count=jobs.count(), oldest=oldest)


def exports_requeue() -> int:
    since = timezone.now() - stale_after()
    queued = 0
    for job_id in _open_exports().filter(heartbeat_at__lte=since).values_list("pk", flat=True):
        if not task_publish(_run_export_task(), args=[job_id], what=f"export {job_id}", **_queue()):
            break
        queued += 1
    return queued


def _run_export_task() -> Any:
    from marketplace.tasks import run_export

    return run_export


EXPORTS = PendingWork(
    name="exports", label=_("Exports"), waiting=exports_waiting, requeue=exports_requeue
)
