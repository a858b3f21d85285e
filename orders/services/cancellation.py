"""Cancelling orders and expiring unpaid ones: stock goes back exactly once."""

from django.db import transaction
from django.utils import timezone

from catalog.models import StockMovementReason
from catalog.services import stock_adjust
from orders.models import Order, OrderLine, OrderStatus, SubOrder, SubOrderStatus
from orders.services.ledger import ledger_reverse_sub_order
from orders.services.status import order_status_refresh, record_change

CANCELLABLE = (
    OrderStatus.PENDING_PAYMENT,
    OrderStatus.AWAITING_VERIFICATION,
    OrderStatus.CASH_ON_DELIVERY,
    OrderStatus.PAID,
)


# Recorded on orders cancelled because nobody paid in time; a late card payment for such an
# order takes the stock again instead of being refunded (orders.services.card_payments).
EXPIRY_NOTE = "reservation expired"


class OrderStateError(Exception):
    """The order is not in a state that allows this change."""


def _release_stock(order: Order, *, stock_reason: str, by=None) -> None:
    if order.stock_released:
        return
    lines = OrderLine.objects.filter(sub_order__order=order, variant__isnull=False).order_by(
        "variant_id"
    )
    for line in lines:
        stock_adjust(
            variant_id=line.variant_id,
            delta=line.quantity,
            reason=stock_reason,
            by=by,
            reference=order.number,
        )
    order.stock_released = True
    order.save(update_fields=["stock_released", "updated_at"])


def order_cancel(*, order_id: int, by=None, reason: str = "") -> Order:
    """Cancel every open sub-order and put the stock back. Idempotent."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        return _cancel_locked(order, by=by, reason=reason)


def _cancel_locked(
    order: Order, *, by, reason: str, stock_reason: str = StockMovementReason.CANCELLATION
) -> Order:
    if order.status == OrderStatus.CANCELLED:
        return order
    if order.status not in CANCELLABLE:
        raise OrderStateError(order.get_status_display())
    shipped = SubOrder.objects.filter(
        order=order, status__in=[SubOrderStatus.SHIPPED, SubOrderStatus.DELIVERED]
    )
    if shipped.exists():
        raise OrderStateError(SubOrderStatus.SHIPPED.label)
    for sub_order in SubOrder.objects.filter(order=order).exclude(status=SubOrderStatus.CANCELLED):
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
        ledger_reverse_sub_order(sub_order_id=sub_order.pk, reason=reason)
    _release_stock(order, stock_reason=stock_reason, by=by)
    return order_status_refresh(order=order, by=by, note=reason)


def order_expire(*, order_id: int, now) -> bool:
    """Cancel one unpaid order whose reservation ran out; False if it was paid meanwhile.

    Checked again under the row lock: a payment that lands between the expiry job's query
    and this call must win, not be cancelled.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        still_expired = (
            order.status == OrderStatus.PENDING_PAYMENT
            and order.reservation_expires_at is not None
            and order.reservation_expires_at < now
        )
        if still_expired:
            _cancel_locked(
                order,
                by=None,
                reason=EXPIRY_NOTE,
                stock_reason=StockMovementReason.EXPIRY_RELEASE,
            )
        return still_expired


def orders_expire_unpaid(*, now=None) -> list[int]:
    """Cancel unpaid card and transfer orders whose stock reservation has run out."""
    now = now or timezone.now()
    candidates = Order.objects.filter(
        status=OrderStatus.PENDING_PAYMENT, reservation_expires_at__lt=now
    ).values_list("pk", flat=True)
    return [order_id for order_id in candidates if order_expire(order_id=order_id, now=now)]
