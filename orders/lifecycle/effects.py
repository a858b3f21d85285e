"""What transitions do besides changing a status: stock back on sale, refunds owed.

Each is called explicitly by the transition that needs it (orders.lifecycle.sub_orders,
orders.lifecycle.payments), inside its transaction, with the order locked.
"""

from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Sum

from catalog.models import StockMovementReason
from catalog.services import stock_adjust
from marketplace.money import to_money
from orders.models import (
    LedgerCause,
    LedgerEntry,
    LedgerKind,
    Order,
    OrderLine,
    Payment,
    PaymentMethod,
    PaymentStatus,
    Refund,
    RefundChannel,
    SubOrder,
)

ZERO = Decimal("0.00")


def stock_return(
    sub_order: SubOrder, *, by: User | None = None, reason: str = StockMovementReason.CANCELLATION
) -> None:
    """Put a sub-order's lines back on sale, once (recorded in each variant's history)."""
    if sub_order.stock_returned or sub_order.order.stock_released:
        return
    lines = OrderLine.objects.filter(sub_order=sub_order, variant__isnull=False)
    for line in lines.order_by("variant_id", "pk"):  # the lock order of checkout
        if line.variant_id is None:  # excluded by the query; narrows the type
            continue
        stock_adjust(
            variant_id=line.variant_id,
            delta=line.quantity,
            reason=reason,
            by=by,
            reference=sub_order.order.number,
        )
    sub_order.stock_returned = True
    sub_order.save(update_fields=["stock_returned", "updated_at"])


def stock_retake(sub_order: SubOrder) -> None:
    """Take a sub-order's stock again (raises catalog.services.StockError if it is gone)."""
    if not sub_order.stock_returned:
        return
    lines = OrderLine.objects.filter(sub_order=sub_order, variant__isnull=False)
    for line in lines.order_by("variant_id", "pk"):
        if line.variant_id is None:  # excluded by the query; narrows the type
            continue
        stock_adjust(
            variant_id=line.variant_id,
            delta=-line.quantity,
            reason=StockMovementReason.SALE,
            reference=sub_order.order.number,
        )
    sub_order.stock_returned = False
    sub_order.save(update_fields=["stock_returned", "updated_at"])


def sub_order_was_paid(sub_order: SubOrder) -> bool:
    """Whether the buyer's money for this sub-order reached the platform (it is in the ledger)."""
    return LedgerEntry.objects.filter(sub_order=sub_order, cause=LedgerCause.PAID).exists()


def sub_order_refunded_so_far(sub_order: SubOrder) -> Decimal:
    """What earlier partial refunds of the whole order already took back from this sub-order."""
    taken = LedgerEntry.objects.filter(
        sub_order=sub_order,
        cause=LedgerCause.REFUND,
        kind__in=[LedgerKind.SALE, LedgerKind.DELIVERY],
    ).aggregate(total=Sum("amount"))["total"]
    return -to_money(taken or 0)


def _received_payment(order: Order) -> Payment | None:
    return (
        Payment.objects.filter(order=order, status=Payment.Status.SUCCEEDED).order_by("pk").first()
    )


def refund_owe(
    *,
    order: Order,
    amount: Decimal,
    key: str,
    reason: str,
    sub_order: SubOrder | None = None,
    payment: Payment | None = None,
) -> Refund | None:
    """Record money owed back to the buyer, once per `key`; card refunds go out after commit."""
    amount = to_money(amount)
    if amount <= 0 or Refund.objects.filter(event_key=key).exists():
        return None
    payment = payment or _received_payment(order)
    card = payment is not None and payment.method == PaymentMethod.CARD
    refund = Refund.objects.create(
        order=order,
        sub_order=sub_order,
        payment=payment,
        channel=RefundChannel.CARD if card else RefundChannel.TRANSFER,
        amount=amount,
        reason=reason[:255],
        event_key=key,
    )
    order.refund_due = to_money(order.refund_due + amount)
    order.save(update_fields=["refund_due", "updated_at"])
    if card:
        # Sent after commit; while the broker is down it stays owed and the pending-work sweep
        # (orders.payments.pending_refunds) sends it later.
        # Imported here: pending_refunds -> orders.tasks -> services -> this module (cycle).
        from orders.payments.pending_refunds import card_refund_send_enqueue

        transaction.on_commit(lambda: card_refund_send_enqueue(refund_id=refund.pk))
    return refund


def refund_owe_for_sub_order(sub_order: SubOrder, *, key: str, reason: str) -> Refund | None:
    """A paid sub-order ends (cancelled, declined, returned): what is left of it goes back."""
    if not sub_order_was_paid(sub_order):
        return None  # unpaid, or cash on delivery never collected: nothing to give back
    amount = sub_order.total - sub_order_refunded_so_far(sub_order)
    return refund_owe(
        order=sub_order.order, amount=amount, key=key, reason=reason, sub_order=sub_order
    )


def advance_refund_owe(order: Order, *, reason: str) -> Refund | None:
    """A part-paid order ended before its balance: the advance the buyer paid goes back.

    Nothing of it is in the ledger (the ledger is written once the whole order is paid), so it
    is owed back from the order's payments, once (its own key).
    """
    if order.payment_status == PaymentStatus.PAID:
        return None  # fully paid: the sub-orders' refunds (refund_owe_for_sub_order) cover it
    advance = Payment.objects.filter(order=order, status=Payment.Status.SUCCEEDED).aggregate(
        total=Sum("amount")
    )["total"]
    if not advance:
        return None
    return refund_owe(
        order=order, amount=to_money(advance), key=f"cancel:advance:o{order.pk}", reason=reason
    )
