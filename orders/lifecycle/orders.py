"""Transitions of a whole order: cancel it (staff), or expire it when nobody paid in time."""

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import StockMovementReason
from orders.finance.ledger import ledger_reverse_sub_order
from orders.lifecycle.effects import (
    advance_refund_owe,
    refund_owe_for_sub_order,
    stock_return,
)
from orders.lifecycle.records import order_status_sync, sub_order_status_set
from orders.lifecycle.tables import OrderStateError
from orders.models import (
    CLOSED_SUB_ORDER_STATUSES,
    CancellationKind,
    LedgerCause,
    Order,
    OrderStatus,
    SubOrder,
    SubOrderStatus,
)
from orders.notifications import order_status_notify, sub_order_closed_notify

CANCELLABLE = (
    OrderStatus.PENDING_PAYMENT,
    OrderStatus.AWAITING_VERIFICATION,
    OrderStatus.CASH_ON_DELIVERY,
    OrderStatus.PART_PAID,
    OrderStatus.PAID,
)
EXPIRY_NOTE = "reservation expired"


def order_cancel(
    *, order_id: int, by: User | None = None, reason: str = "", kind: str = CancellationKind.STAFF
) -> Order:
    """Cancel every open sub-order: refunds owed, ledger reversed, stock back. Idempotent."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        return _cancel_locked(order, by=by, reason=reason, kind=kind)


def _cancel_locked(order: Order, *, by: User | None, reason: str, kind: str) -> Order:
    if order.status == OrderStatus.CANCELLED:
        return order
    if order.status not in CANCELLABLE:
        raise OrderStateError(order.get_status_display())
    sub_orders = list(
        SubOrder.objects.select_for_update()
        .filter(order=order)
        .exclude(status__in=CLOSED_SUB_ORDER_STATUSES)
        .order_by("pk")
    )
    if any(so.status in (SubOrderStatus.SHIPPED, SubOrderStatus.DELIVERED) for so in sub_orders):
        raise OrderStateError(
            _("A part of this order has been shipped: cancel the other parts one by one.")
        )
    for sub_order in sub_orders:
        sub_order.order = order
        sub_order.cancellation_kind = kind
        sub_order.cancellation_reason = reason[:255]
        sub_order_status_set(
            sub_order,
            SubOrderStatus.CANCELLED,
            by=by,
            note=reason,
            fields=("cancellation_kind", "cancellation_reason"),
        )
        refund_owe_for_sub_order(sub_order, key=f"cancel:so{sub_order.pk}", reason=reason)
        ledger_reverse_sub_order(
            sub_order_id=sub_order.pk, reason=reason, cause=LedgerCause.CANCELLATION
        )
        stock_return(
            sub_order,
            by=by,
            reason=StockMovementReason.EXPIRY_RELEASE
            if kind == CancellationKind.EXPIRED
            else StockMovementReason.CANCELLATION,
        )
    advance_refund_owe(order, reason=reason)
    order.stock_released = True
    order.cancellation_kind = kind
    order.save(update_fields=["stock_released", "cancellation_kind", "updated_at"])
    order_status_sync(order, by=by, note=reason)
    order_status_notify(order=order)
    if kind != CancellationKind.EXPIRED:
        # Groups were told of the new order: tell them not to send it. (An unpaid order that
        # expired was never theirs to pack.)
        for sub_order in sub_orders:
            sub_order_closed_notify(sub_order=sub_order, tell_buyer=False)
    return order


def order_cancel_by_buyer(*, order_id: int, reason: str = "") -> Order:
    """The buyer cancels an order nobody has started on: not paid yet (or cash on delivery),
    and no group has packed its part. Paid orders are cancelled by finance, who refund."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        unpaid = order.status in (
            OrderStatus.PENDING_PAYMENT,
            OrderStatus.AWAITING_VERIFICATION,
            OrderStatus.CASH_ON_DELIVERY,
        )
        started = (
            SubOrder.objects.filter(order=order)
            .exclude(status__in=(SubOrderStatus.NEW, *CLOSED_SUB_ORDER_STATUSES))
            .exists()
        )
        if not unpaid or started:
            raise OrderStateError(
                _("This order can no longer be cancelled here: please contact us.")
            )
        return _cancel_locked(
            order,
            by=None,
            reason=reason.strip(),
            kind=CancellationKind.BUYER,
        )


def order_is_cancellable_by_buyer(order: Order) -> bool:
    """Whether the order page offers the buyer a Cancel button (the service decides again)."""
    return order.status in (
        OrderStatus.PENDING_PAYMENT,
        OrderStatus.AWAITING_VERIFICATION,
        OrderStatus.CASH_ON_DELIVERY,
    ) and all(
        so.status in (SubOrderStatus.NEW, *CLOSED_SUB_ORDER_STATUSES)
        for so in order.sub_orders.all()
    )


def order_expire(*, order_id: int, now: datetime) -> bool:
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
            _cancel_locked(order, by=None, reason=EXPIRY_NOTE, kind=CancellationKind.EXPIRED)
        return still_expired


def orders_expire_unpaid(*, now: datetime | None = None) -> list[int]:
    """Cancel unpaid card and transfer orders whose stock reservation has run out."""
    now = now or timezone.now()
    candidates = Order.objects.filter(
        status=OrderStatus.PENDING_PAYMENT, reservation_expires_at__lt=now
    ).values_list("pk", flat=True)
    return [order_id for order_id in candidates if order_expire(order_id=order_id, now=now)]
