"""Celery tasks for orders: thin wrappers around services, safe to run twice."""

from celery import shared_task

from orders.services.cancellation import orders_expire_unpaid

EXPIRE_UNPAID_ORDERS = "orders.expire_unpaid_orders"


@shared_task(name=EXPIRE_UNPAID_ORDERS, ignore_result=True)
def expire_unpaid_orders() -> list[int]:
    """Cancel unpaid card and transfer orders whose reservation ran out; run by Celery beat.

    Idempotent: an order already cancelled is skipped, so overlapping runs cancel it once.
    """
    return orders_expire_unpaid()
