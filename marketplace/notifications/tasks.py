"""Celery tasks that send logged notifications; safe to deliver twice (acks late).

`send_notification` sends one row and retries it; `send_notifications` sends the rows queued
together (an order's messages, one task instead of one per message) and hands a row whose
channel fails to `send_notification`, so each row is retried alone, as if it had been sent by
its own task from the start.
"""

from celery import shared_task
from django.conf import settings

from marketplace.models import NotificationLog
from marketplace.notifications.services import (
    NotificationDeliveryError,
    notification_deliver,
    notification_mark_failed,
    notification_task_options,
)

SEND_NOTIFICATION = "marketplace.send_notification"
SEND_NOTIFICATIONS = "marketplace.send_notifications"


@shared_task(bind=True, name=SEND_NOTIFICATION, acks_late=True, ignore_result=True)
def send_notification(self, log_id: int) -> str:
    """Deliver NotificationLog `log_id`; retry with exponential backoff, then mark it failed.

    Redelivery after a lost worker is harmless: a sent row is never sent again.
    """
    try:
        return notification_deliver(log_id=log_id)
    except NotificationDeliveryError as error:
        retries = self.request.retries
        if retries >= settings.NOTIFICATION_MAX_RETRIES:
            notification_mark_failed(log_id=log_id, error=str(error))
            return NotificationLog.Status.FAILED
        if self.request.is_eager:
            # In-process (no broker): Celery's eager retry would raise out of the caller,
            # so try again at once, without the wait.
            return self.apply(args=[log_id], retries=retries + 1).result
        raise self.retry(
            exc=error,
            countdown=settings.NOTIFICATION_RETRY_BACKOFF_SECONDS * 2**retries,
            max_retries=settings.NOTIFICATION_MAX_RETRIES,
        ) from error


@shared_task(bind=True, name=SEND_NOTIFICATIONS, acks_late=True, ignore_result=True)
def send_notifications(self, log_ids: list[int]) -> list[str]:
    """Deliver each NotificationLog of `log_ids`; returns their statuses, in order.

    A row whose channel fails has had its first try: it goes on as `send_notification`'s first
    retry (same backoff, same limit) while the other rows are not held up. Redelivery is
    harmless: a sent row is never sent again.
    """
    statuses = []
    for log_id in log_ids:
        try:
            statuses.append(notification_deliver(log_id=log_id))
        except NotificationDeliveryError as error:
            statuses.append(_retry_alone(log_id=log_id, error=error, eager=self.request.is_eager))
    return statuses


def _retry_alone(*, log_id: int, error: NotificationDeliveryError, eager: bool) -> str:
    if settings.NOTIFICATION_MAX_RETRIES <= 0:
        notification_mark_failed(log_id=log_id, error=str(error))
        return NotificationLog.Status.FAILED
    if eager:  # in-process, as send_notification retries there: at once, without the wait
        return send_notification.apply(args=[log_id], retries=1).result
    send_notification.apply_async(
        args=[log_id],
        retries=1,
        countdown=settings.NOTIFICATION_RETRY_BACKOFF_SECONDS,
        **notification_task_options(),
    )
    return NotificationLog.Status.PENDING
