"""The only code that assigns a status field: check the table, record history, save.

These run inside a transition's transaction with its rows already locked; they have no
effects of their own (ledger, stock, refunds, notifications are the transitions' to run).
"""

from django.contrib.auth.models import User
from django.utils import timezone

from orders.lifecycle.tables import (
    ORDER_TRANSITIONS,
    PAYMENT_RECORD_TRANSITIONS,
    PAYMENT_STATUS_TRANSITIONS,
    SUB_ORDER_TRANSITIONS,
    order_status_derive,
    transition_check,
)
from orders.models import (
    Order,
    OrderStatus,
    Payment,
    PaymentStatus,
    StatusChange,
    SubOrder,
    SubOrderStatus,
)

# The fact each sub-order status records when it is reached.
_SUB_ORDER_TIMESTAMPS: dict[str, str] = {
    SubOrderStatus.SHIPPED: "shipped_at",
    SubOrderStatus.DELIVERED: "delivered_at",
    SubOrderStatus.CANCELLED: "cancelled_at",
    SubOrderStatus.RETURNED: "returned_at",
}


def record_change(
    *,
    order: Order,
    field: str,
    old: str,
    new: str,
    by: User | None = None,
    sub_order: SubOrder | None = None,
    note: str = "",
) -> None:
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


def sub_order_status_set(
    sub_order: SubOrder,
    new: str,
    *,
    by: User | None = None,
    note: str = "",
    fields: tuple[str, ...] = (),
) -> None:
    transition_check(SUB_ORDER_TRANSITIONS, sub_order.status, new, choices=SubOrderStatus)
    record_change(
        order=sub_order.order,
        sub_order=sub_order,
        field="sub_order_status",
        old=sub_order.status,
        new=new,
        by=by,
        note=note,
    )
    sub_order.status = new
    update = ["status", "updated_at", *fields]
    stamp = _SUB_ORDER_TIMESTAMPS.get(new)
    if stamp:
        setattr(sub_order, stamp, timezone.now())
        update.append(stamp)
    sub_order.save(update_fields=update)


def payment_status_set(order: Order, new: str, *, by: User | None = None, note: str = "") -> None:
    """The order's payment status (pending, awaiting verification, paid, ...)."""
    transition_check(PAYMENT_STATUS_TRANSITIONS, order.payment_status, new, choices=PaymentStatus)
    record_change(
        order=order, field="payment_status", old=order.payment_status, new=new, by=by, note=note
    )
    order.payment_status = new
    update = ["payment_status", "updated_at"]
    if new == PaymentStatus.PAID and order.paid_at is None:
        order.paid_at = timezone.now()
        update.append("paid_at")
    if new == PaymentStatus.PAID:
        order.reservation_expires_at = None
        update.append("reservation_expires_at")
    order.save(update_fields=update)


def payment_record_set(payment: Payment, new: str, *, fields: tuple[str, ...] = ()) -> None:
    """One payment attempt's status (a Stripe session, a transfer reference)."""
    transition_check(PAYMENT_RECORD_TRANSITIONS, payment.status, new, choices=Payment.Status)
    payment.status = new
    payment.save(update_fields=["status", "updated_at", *fields])


def order_status_sync(order: Order, *, by: User | None = None, note: str = "") -> str | None:
    """Store the status derived from the sub-orders and payment; the new status, if it changed."""
    statuses = list(SubOrder.objects.filter(order=order).values_list("status", flat=True))
    new = order_status_derive(payment_status=order.payment_status, sub_order_statuses=statuses)
    if new == order.status:
        return None
    transition_check(ORDER_TRANSITIONS, order.status, new, choices=OrderStatus)
    record_change(order=order, field="status", old=order.status, new=new, by=by, note=note)
    order.status = new
    update = ["status", "updated_at"]
    if new == OrderStatus.CANCELLED and order.cancelled_at is None:
        order.cancelled_at = timezone.now()
        update.append("cancelled_at")
    order.save(update_fields=update)
    return new
