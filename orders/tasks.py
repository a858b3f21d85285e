"""Celery tasks for orders: thin wrappers around services, safe to run twice."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from marketplace.task_publishing import task_publish
from orders import stripe_api
from orders.finance.payout_runs import (
    PAYOUT_BUILD_BATCH,
    groups_owed_at_least,
    payouts_build,
    payouts_run,
    stripe_payouts_left_open,
)
from orders.finance.payouts import payout_send, payout_send_enqueue
from orders.lifecycle.orders import orders_expire_unpaid
from orders.market_sales import market_sales_copy
from orders.payments.refunds import refund_send

EXPIRE_UNPAID_ORDERS = "orders.expire_unpaid_orders"
RUN_PAYOUTS = "orders.run_payouts"
BUILD_PAYOUTS = "orders.build_payouts"
SEND_PAYOUT = "orders.send_payout"
SEND_CARD_REFUND = "orders.send_card_refund"
COPY_MARKET_SALES = "orders.copy_market_sales"


@shared_task(name=EXPIRE_UNPAID_ORDERS, ignore_result=True)
def expire_unpaid_orders() -> list[int]:
    """Cancel unpaid card and transfer orders whose reservation ran out; run by Celery beat.

    Idempotent: an order already cancelled is skipped, so overlapping runs cancel it once.
    """
    return orders_expire_unpaid()


@shared_task(bind=True, name=RUN_PAYOUTS, ignore_result=True)
def run_payouts(self) -> dict:
    """Build the payouts owed and resend open Stripe payouts; run by Celery beat.

    With a broker, the groups owed are built by `build_payouts` tasks of PAYOUT_BUILD_BATCH
    groups, on the queue this task came from, so every worker process builds payouts at once
    (one task building them all kept one process of two busy); a batch that cannot be queued
    is built here. Overlapping runs and redelivered batches are harmless: one open payout per
    group is a database constraint, and a group with one is skipped.
    """
    if self.request.is_eager:
        run = payouts_run()
        return {"created": run.created, "resent": run.resent, "skipped": len(run.skipped)}
    left_open = stripe_payouts_left_open()
    owed = list(groups_owed_at_least(settings.PAYOUT_MINIMUM))
    queue = (self.request.delivery_info or {}).get("routing_key")
    options = {"queue": queue} if queue else {}
    built_here = []
    for start in range(0, len(owed), PAYOUT_BUILD_BATCH):
        batch = owed[start : start + PAYOUT_BUILD_BATCH]
        if not task_publish(build_payouts, args=[batch], what=f"payouts of {batch}", **options):
            built_here += payouts_build(group_ids=batch).created
    for payout_id in left_open:
        payout_send_enqueue(payout_id=payout_id)
    return {"queued_groups": len(owed), "created": built_here, "resent": left_open}


@shared_task(name=BUILD_PAYOUTS, acks_late=True, ignore_result=True)
def build_payouts(group_ids: list[int]) -> list[int]:
    """Build the payouts of `group_ids` (a batch of run_payouts); returns the payouts built."""
    return payouts_build(group_ids=group_ids).created


@shared_task(bind=True, name=SEND_PAYOUT, acks_late=True, ignore_result=True)
def send_payout(self, payout_id: int) -> str:
    """Send one Stripe payout. Late acknowledgement: a worker lost mid-payout gets the task
    redelivered, and the resend carries the same idempotency key (see payout_send)."""
    try:
        return payout_send(payout_id=payout_id).status
    except stripe_api.StripeUnavailable as error:
        retries = self.request.retries
        if self.request.is_eager or retries >= settings.PAYOUT_MAX_RETRIES:
            # Stays processing; the next scheduled run sends it again.
            return "processing"
        raise self.retry(
            exc=error,
            countdown=settings.PAYOUT_RETRY_BACKOFF_SECONDS * 2**retries,
            max_retries=settings.PAYOUT_MAX_RETRIES,
        ) from error


@shared_task(bind=True, name=SEND_CARD_REFUND, acks_late=True, ignore_result=True)
def send_card_refund(self, refund_id: int) -> str:
    """Send one owed card refund through Stripe; the refund's id is the idempotency key, so a
    redelivered task cannot refund twice. While Stripe is unreachable it stays owed."""
    try:
        return refund_send(refund_id=refund_id).status
    except stripe_api.StripeUnavailable as error:
        retries = self.request.retries
        if self.request.is_eager or retries >= settings.PAYOUT_MAX_RETRIES:
            return "owed"
        raise self.retry(
            exc=error,
            countdown=settings.PAYOUT_RETRY_BACKOFF_SECONDS * 2**retries,
            max_retries=settings.PAYOUT_MAX_RETRIES,
        ) from error


@shared_task(name=COPY_MARKET_SALES, ignore_result=True)
def copy_market_sales() -> int:
    """Yesterday's and today's sales per product into the market information; run by beat.
    Idempotent: each run writes the days' totals."""
    today = timezone.localdate()
    return sum(market_sales_copy(day=today - timedelta(days=back)) for back in (1, 0))
