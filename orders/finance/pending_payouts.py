"""The payouts' part of the pending-work sweep (marketplace.pending_work), registered by
OrdersConfig.ready: open Stripe payouts whose send task was lost.

An open (pending or processing) Stripe payout created, or processing since, longer than
PAYOUT_REQUEUE_AFTER_SECONDS ago is sent again: payout_send locks it, skips it once closed, and
calls Stripe with the payout's own idempotency key, so a send that was not lost costs one extra
look-up, never a second transfer.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models.groups import PayoutMethod
from marketplace.pending_work import PendingWork, Waiting
from orders.finance.payouts import payout_send_enqueue
from orders.models import Payout


def _open_stripe_payouts():
    return (
        Payout.objects.open()
        .filter(method=PayoutMethod.STRIPE)
        .annotate(waiting_since=Coalesce("processing_at", "created_at"))
    )


def payouts_waiting() -> Waiting:
    payouts = _open_stripe_payouts()
    return Waiting(
        count=payouts.count(), oldest=payouts.aggregate(oldest=Min("created_at"))["oldest"]
    )


def payouts_requeue() -> int:
    """Send the overdue open Stripe payouts again; returns how many were handed to Celery."""
    since = timezone.now() - timedelta(seconds=settings.PAYOUT_REQUEUE_AFTER_SECONDS)
    overdue = _open_stripe_payouts().filter(Q(waiting_since__lte=since)).order_by("pk")
    queued = 0
    for payout_id in overdue.values_list("pk", flat=True):
        if not payout_send_enqueue(payout_id=payout_id):
            break  # the broker is still down: the next sweep tries again
        queued += 1
    return queued


PAYOUT_SENDS = PendingWork(
    name="payout_sends",
    label=_("Stripe payouts waiting to be sent"),
    waiting=payouts_waiting,
    requeue=payouts_requeue,
)
