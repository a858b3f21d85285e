"""The transition tables: which status may follow which, for sub-orders and payments.

An order's own status is never set: it is derived from its sub-orders and its payment status
(`order_status_derive`), and ORDER_TRANSITIONS lists the changes that derivation may make, so
an impossible one (a completed order back to pending payment) is refused like any other.
"""

from django.db import models
from django.utils.translation import gettext as _

from orders.models import (
    CLOSED_SUB_ORDER_STATUSES,
    OrderStatus,
    Payment,
    PaymentStatus,
    SubOrderStatus,
)


class OrderStateError(Exception):
    """A change the transition tables (or the order's state) do not allow; nothing was written."""


SUB_ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    SubOrderStatus.NEW: frozenset({SubOrderStatus.PACKED, SubOrderStatus.CANCELLED}),
    SubOrderStatus.PACKED: frozenset({SubOrderStatus.SHIPPED, SubOrderStatus.CANCELLED}),
    SubOrderStatus.SHIPPED: frozenset({SubOrderStatus.DELIVERED}),
    SubOrderStatus.DELIVERED: frozenset({SubOrderStatus.RETURNED}),
    # A card payment that lands after the reservation expired takes the stock again.
    SubOrderStatus.CANCELLED: frozenset({SubOrderStatus.NEW}),
    SubOrderStatus.RETURNED: frozenset(),
}

PAYMENT_STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    PaymentStatus.PENDING: frozenset(
        {
            PaymentStatus.AWAITING_VERIFICATION,
            PaymentStatus.PART_PAID,
            PaymentStatus.PAID,
            PaymentStatus.FAILED,
        }
    ),
    PaymentStatus.FAILED: frozenset(
        {PaymentStatus.PENDING, PaymentStatus.PART_PAID, PaymentStatus.PAID}
    ),
    PaymentStatus.AWAITING_VERIFICATION: frozenset(
        {PaymentStatus.PAID, PaymentStatus.PART_PAID, PaymentStatus.PENDING}
    ),
    # The advance arrived: the balance comes by transfer (verified) or card; the advance goes
    # back if the order is cancelled before the balance.
    PaymentStatus.PART_PAID: frozenset(
        {PaymentStatus.AWAITING_VERIFICATION, PaymentStatus.PAID, PaymentStatus.REFUNDED}
    ),
    PaymentStatus.CASH_ON_DELIVERY: frozenset(),
    PaymentStatus.PAID: frozenset({PaymentStatus.REFUNDED}),
    PaymentStatus.REFUNDED: frozenset(),
}

PAYMENT_RECORD_TRANSITIONS: dict[str, frozenset[str]] = {
    Payment.Status.PENDING: frozenset(
        {Payment.Status.SUCCEEDED, Payment.Status.FAILED, Payment.Status.REJECTED}
    ),
    Payment.Status.SUBMITTED: frozenset({Payment.Status.SUCCEEDED, Payment.Status.REJECTED}),
    # A session closed by us can still be completed by Stripe a moment later.
    Payment.Status.FAILED: frozenset({Payment.Status.SUCCEEDED, Payment.Status.REJECTED}),
    Payment.Status.SUCCEEDED: frozenset({Payment.Status.REFUNDED}),
    Payment.Status.REJECTED: frozenset(),
    Payment.Status.REFUNDED: frozenset(),
}

ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.PENDING_PAYMENT: frozenset(
        {
            OrderStatus.AWAITING_VERIFICATION,
            OrderStatus.PART_PAID,
            OrderStatus.PAID,
            OrderStatus.CANCELLED,
        }
    ),
    OrderStatus.AWAITING_VERIFICATION: frozenset(
        {
            OrderStatus.PENDING_PAYMENT,
            OrderStatus.PART_PAID,
            OrderStatus.PAID,
            OrderStatus.CANCELLED,
        }
    ),
    # Goods are not shipped while only the advance is paid (READY_TO_SHIP excludes it).
    OrderStatus.PART_PAID: frozenset(
        {
            OrderStatus.AWAITING_VERIFICATION,
            OrderStatus.PAID,
            OrderStatus.CANCELLED,
            OrderStatus.REFUNDED,
        }
    ),
    OrderStatus.CASH_ON_DELIVERY: frozenset({OrderStatus.COMPLETED, OrderStatus.CANCELLED}),
    OrderStatus.PAID: frozenset(
        {OrderStatus.COMPLETED, OrderStatus.CANCELLED, OrderStatus.REFUNDED}
    ),
    OrderStatus.COMPLETED: frozenset({OrderStatus.CANCELLED, OrderStatus.REFUNDED}),
    # Paid after the reservation expired (stock taken again), or refunded after cancelling.
    OrderStatus.CANCELLED: frozenset({OrderStatus.PAID, OrderStatus.REFUNDED}),
    OrderStatus.REFUNDED: frozenset(),
}


def order_status_derive(*, payment_status: str, sub_order_statuses: list[str]) -> str:
    live = [status for status in sub_order_statuses if status not in CLOSED_SUB_ORDER_STATUSES]
    if payment_status == PaymentStatus.REFUNDED:
        return OrderStatus.REFUNDED
    if not live:
        if SubOrderStatus.RETURNED in sub_order_statuses:
            return OrderStatus.REFUNDED
        return OrderStatus.CANCELLED
    settled = payment_status in (PaymentStatus.PAID, PaymentStatus.CASH_ON_DELIVERY)
    if settled and all(status == SubOrderStatus.DELIVERED for status in live):
        return OrderStatus.COMPLETED
    derived: dict[str, str] = {
        PaymentStatus.PENDING: OrderStatus.PENDING_PAYMENT,
        PaymentStatus.FAILED: OrderStatus.PENDING_PAYMENT,
        PaymentStatus.AWAITING_VERIFICATION: OrderStatus.AWAITING_VERIFICATION,
        PaymentStatus.CASH_ON_DELIVERY: OrderStatus.CASH_ON_DELIVERY,
        PaymentStatus.PART_PAID: OrderStatus.PART_PAID,
        PaymentStatus.PAID: OrderStatus.PAID,
    }
    return derived[payment_status]


def transition_check(
    table: dict[str, frozenset[str]], old: str, new: str, *, choices: type[models.TextChoices]
) -> None:
    """Refuse `old` → `new` unless the table allows it, with a message staff can act on."""
    if new not in table.get(old, frozenset()):
        names = dict(choices.choices)
        raise OrderStateError(
            _("Not allowed: “%(old)s” cannot become “%(new)s”.")
            % {"old": names.get(old, old), "new": names.get(new, new)}
        )
