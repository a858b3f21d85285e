"""The card refunds' part of the pending-work sweep (marketplace.pending_work), registered by
OrdersConfig.ready: owed card refunds whose send task was lost or failed.

A card refund still owed PAYOUT_REQUEUE_AFTER_SECONDS after it was recorded is sent again:
refund_send locks it, skips it once sent, and calls Stripe with the refund's own id as the
idempotency key, so a send that was not lost never refunds twice.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.pending_work import PendingWork, Waiting
from marketplace.task_publishing import task_publish
from orders.models import Refund, RefundChannel, RefundStatus
from orders.tasks import send_card_refund


def card_refund_send_enqueue(*, refund_id: int) -> bool:
    """Hand an owed card refund to Celery; False (logged) while the broker is down."""
    return task_publish(send_card_refund, args=[refund_id], what=f"card refund {refund_id}")


def _owed_card_refunds():
    return Refund.objects.filter(status=RefundStatus.OWED, channel=RefundChannel.CARD)


def card_refunds_waiting() -> Waiting:
    refunds = _owed_card_refunds()
    return Waiting(
        count=refunds.count(), oldest=refunds.aggregate(oldest=Min("created_at"))["oldest"]
    )


def card_refunds_requeue() -> int:
    """Send the overdue owed card refunds again; returns how many were handed to Celery."""
    since = timezone.now() - timedelta(seconds=settings.PAYOUT_REQUEUE_AFTER_SECONDS)
    queued = 0
    overdue = _owed_card_refunds().filter(created_at__lte=since).order_by("pk")
    for refund_id in overdue.values_list("pk", flat=True):
        if not card_refund_send_enqueue(refund_id=refund_id):
            break  # the broker is still down: the next sweep tries again
        queued += 1
    return queued


CARD_REFUND_SENDS = PendingWork(
    name="card_refund_sends",
    label=_("Card refunds waiting to be sent"),
    waiting=card_refunds_waiting,
    requeue=card_refunds_requeue,
)
