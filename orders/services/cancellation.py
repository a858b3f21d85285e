"""Cancelling orders and expiring unpaid ones: stock goes back exactly once."""

from django.db import transaction
from django.utils import timezone

from catalog.services import stock_adjust
from orders.models import Order, OrderLine, OrderStatus, SubOrder, SubOrderStatus
from orders.services.status import order_status_refresh, record_change

CANCELLABLE = (
    OrderStatus.PENDING_PAYMENT,
    OrderStatus.AWAITING_VERIFICATION,
    OrderStatus.CASH_ON_DELIVERY,
    OrderStatus.PAID,
)


class OrderStateError(Exception):
    """The order is not in a state that allows this change."""


def _release_stock(order: Order) -> None:
    if order.stock_released:
        return
    lines = OrderLine.objects.filter(sub_order__order=order, variant__isnull=False).order_by(
        "variant_id"
    )
    for line in lines:
        stock_adjust(variant_id=line.variant_id, delta=line.quantity)
    order.stock_released = True
    order.save(update_fields=["stock_released", "updated_at"])


def order_cancel(*, order_id: int, by=None, reason: str = "") -> Order:
    """Cancel every open sub-order and put the stock back. Idempotent."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        if order.status == OrderStatus.CANCELLED:
            return order
        if order.status not in CANCELLABLE:
            raise OrderStateError(order.get_status_display())
        shipped = SubOrder.objects.filter(
            order=order, status__in=[SubOrderStatus.SHIPPED, SubOrderStatus.DELIVERED]
        )
        if shipped.exists():
            raise OrderStateError(SubOrderStatus.SHIPPED.label)
        for sub_order in SubOrder.objects.filter(order=order).exclude(
            status=SubOrderStatus.CANCELLED
        ):
            record_change(
                order=order,
                sub_order=sub_order,
                field="sub_order_status",
                old=sub_order.status,
                new=SubOrderStatus.CANCELLED,
                by=by,
                note=reason,
            )
            sub_order.status = SubOrderStatus.CANCELLED
            sub_order.save(update_fields=["status", "updated_at"])
        _release_stock(order)
        return order_status_refresh(order=order, by=by, note=reason)


def orders_expire_unpaid(*, now=None) -> list[int]:
    """Cancel unpaid card and transfer orders whose stock reservation has run out."""
    now = now or timezone.now()
    expired = Order.objects.filter(
        status=OrderStatus.PENDING_PAYMENT, reservation_expires_at__lt=now
    ).values_list("pk", flat=True)
    cancelled = []
    for order_id in expired:
        order_cancel(order_id=order_id, reason="reservation expired")
        cancelled.append(order_id)
    return cancelled
