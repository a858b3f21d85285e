"""The order's status is derived from its sub-orders and its payment, never set by hand."""

from marketplace.notifications.dispatch import order_status_notify
from orders.models import (
    Order,
    OrderStatus,
    PaymentStatus,
    StatusChange,
    SubOrder,
    SubOrderStatus,
)
from orders.services.ledger import ledger_record_order_paid


def order_status_derive(*, payment_status: str, sub_order_statuses: list[str]) -> str:
    live = [status for status in sub_order_statuses if status != SubOrderStatus.CANCELLED]
    if payment_status == PaymentStatus.REFUNDED:
        return OrderStatus.REFUNDED
    if not live:
        return OrderStatus.CANCELLED
    settled = payment_status in (PaymentStatus.PAID, PaymentStatus.CASH_ON_DELIVERY)
    if settled and all(status == SubOrderStatus.DELIVERED for status in live):
        return OrderStatus.COMPLETED
    return {
        PaymentStatus.PENDING: OrderStatus.PENDING_PAYMENT,
        PaymentStatus.FAILED: OrderStatus.PENDING_PAYMENT,
        PaymentStatus.AWAITING_VERIFICATION: OrderStatus.AWAITING_VERIFICATION,
        PaymentStatus.CASH_ON_DELIVERY: OrderStatus.CASH_ON_DELIVERY,
        PaymentStatus.PAID: OrderStatus.PAID,
    }[payment_status]


def record_change(
    *, order: Order, field: str, old: str, new: str, by=None, sub_order=None, note=""
):
    if old != new:
        StatusChange.objects.create(
            order=order,
            sub_order=sub_order,
            field=field,
            old_value=old,
            new_value=new,
            changed_by=by if by is not None and by.is_authenticated else None,
            note=note[:255],
        )


def order_status_refresh(*, order: Order, by=None, note: str = "") -> Order:
    """Recompute and store the order's status (call inside the transaction that changed it)."""
    statuses = list(SubOrder.objects.filter(order=order).values_list("status", flat=True))
    new_status = order_status_derive(
        payment_status=order.payment_status, sub_order_statuses=statuses
    )
    if new_status != order.status:
        record_change(
            order=order, field="status", old=order.status, new=new_status, by=by, note=note
        )
        order.status = new_status
        order.save(update_fields=["status", "updated_at"])
        ledger_record_order_paid(order=order)
        order_status_notify(order=order)
    return order
