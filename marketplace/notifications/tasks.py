"""Celery task that sends one logged notification; safe to deliver twice (acks late)."""

from celery import shared_task
from django.conf import settings

from marketplace.models import NotificationLog
from marketplace.notifications.services import (
    NotificationDeliveryError,
    notification_deliver,
    notification_mark_failed,
)

SEND_NOTIFICATION = "marketplace.send_notification"


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
