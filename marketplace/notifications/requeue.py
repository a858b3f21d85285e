"""The notifications' part of the pending-work sweep (marketplace.pending_work).

A row still pending NOTIFICATION_REQUEUE_AFTER_SECONDS after it was queued, never tried, lost
its task (the broker was down, or Redis restarted empty): it is queued again. A row already
tried is in its retries; only once the whole retry schedule has passed (backoff 1×, 2×, 4×...)
is its retry taken as lost and queued again, counting on from the attempts it had.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.models import NotificationLog
from marketplace.notifications.services import notification_task_options, notifications_enqueue
from marketplace.notifications.tasks import send_notification
from marketplace.pending_work import PendingWork, Waiting
from marketplace.task_publishing import task_publish

BATCH_SIZE = 100


def notifications_waiting() -> Waiting:
    pending = NotificationLog.objects.filter(status=NotificationLog.Status.PENDING)
    summary = pending.aggregate(oldest=Min("created_at"))
    return Waiting(count=pending.count(), oldest=summary["oldest"])


def _retry_schedule_seconds() -> int:
    return settings.NOTIFICATION_RETRY_BACKOFF_SECONDS * (2**settings.NOTIFICATION_MAX_RETRIES - 1)


def notifications_requeue() -> int:
    """Queue the overdue pending notifications again; returns how many were handed to Celery."""
    now = timezone.now()
    after = timedelta(seconds=settings.NOTIFICATION_REQUEUE_AFTER_SECONDS)
    pending = NotificationLog.objects.filter(status=NotificationLog.Status.PENDING).order_by("pk")
    untried = list(
        pending.filter(attempts=0, created_at__lte=now - after).values_list("pk", flat=True)
    )
    queued = 0
    for start in range(0, len(untried), BATCH_SIZE):
        batch = untried[start : start + BATCH_SIZE]
        if not notifications_enqueue(log_ids=batch):
            return queued  # the broker is still down: the next sweep tries again
        queued += len(batch)
    lost_retries = pending.filter(
        attempts__gt=0,
        created_at__lte=now - after - timedelta(seconds=_retry_schedule_seconds()),
    ).values_list("pk", "attempts")
    for log_id, attempts in lost_retries:
        published = task_publish(
            send_notification,
            args=[log_id],
            what=f"notification {log_id}",
            retries=min(attempts, settings.NOTIFICATION_MAX_RETRIES),
            **notification_task_options(),
        )
        if not published:
            break
        queued += 1
    return queued


NOTIFICATIONS = PendingWork(
    name="notifications",
    label=_("Notifications waiting to be sent"),
    waiting=notifications_waiting,
    requeue=notifications_requeue,
)
