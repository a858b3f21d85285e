"""Transitions of an order's payment: transfer references, verification, card results.

Card sessions are opened and Stripe's webhooks are read in orders.payments.card_payments;
every status those change goes through the functions here.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.money import to_money
from orders.finance.ledger import ledger_record_order_paid
from orders.finance.transfer_references import transfer_reference_flag_reuse
from orders.lifecycle.effects import refund_owe, sub_order_was_paid
from orders.lifecycle.records import order_status_sync, payment_record_set, payment_status_set
from orders.lifecycle.tables import OrderStateError
from orders.models import (
    CLOSED_SUB_ORDER_STATUSES,
    Order,
    Payment,
    PaymentMethod,
    PaymentStatus,
    SubOrder,
)
from orders.notifications import order_status_notify, transfer_reference_notify


def order_paid_so_far(order: Order) -> Decimal:
    """What the buyer's succeeded payments for this order add up to."""
    paid = Payment.objects.filter(order=order, status=Payment.Status.SUCCEEDED).aggregate(
        total=Sum("amount")
    )["total"]
    return to_money(paid or 0)


def order_amount_due(order: Order) -> Decimal:
    """What the buyer pays next: the advance if one is asked and nothing is paid yet,
    otherwise the rest of the total."""
    paid = order_paid_so_far(order)
    if paid == 0 and order.advance_due > 0:
        return to_money(order.advance_due)
    return max(to_money(order.grand_total - paid), Decimal("0.00"))


def payment_received(
    order: Order, payment: Payment, *, by: User | None = None, note: str = ""
) -> None:
    """The order's money arrived (card or verified transfer); call with the order locked.

    Sub-orders still open are recorded in the ledger. Money for sub-orders cancelled before
    it arrived is owed back at once, and so is all of it if no sub-order is left. An advance
    (less than the total) makes the order part-paid: nothing reaches the ledger until the
    balance arrives, and the goods are not shipped before.
    """
    sub_orders = list(SubOrder.objects.filter(order=order).order_by("pk"))
    open_ones = [so for so in sub_orders if so.status not in CLOSED_SUB_ORDER_STATUSES]
    if open_ones and order_paid_so_far(order) < order.grand_total:
        payment_status_set(order, PaymentStatus.PART_PAID, by=by, note=note)
        order_status_sync(order, by=by, note=note)
        return
    payment_status_set(order, PaymentStatus.PAID, by=by, note=note)
    order_status_sync(order, by=by, note=note)
    if not open_ones:
        refund_owe(
            order=order,
            amount=payment.amount,
            key=f"unmatched:payment{payment.pk}",
            reason=_("The money arrived after the order was cancelled."),
            payment=payment,
        )
    else:
        ledger_record_order_paid(order=order)
        for sub_order in sub_orders:
            if sub_order.status in CLOSED_SUB_ORDER_STATUSES and not sub_order_was_paid(sub_order):
                refund_owe(
                    order=order,
                    amount=sub_order.total,
                    key=f"cancel:so{sub_order.pk}",
                    reason=sub_order.cancellation_reason,
                    sub_order=sub_order,
                    payment=payment,
                )
    order_status_notify(order=order)


def transfer_reference_submit(*, order_id: int, provider: str, reference: str) -> Payment:
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        if not order.is_open_for_transfer_reference:
            raise OrderStateError(_("This order is not waiting for a transfer reference."))
        payment = Payment.objects.create(
            order=order,
            method=PaymentMethod.TRANSFER,
            status=Payment.Status.SUBMITTED,
            amount=order_amount_due(order),
            provider=provider,
            reference=reference.strip(),
        )
        transfer_reference_flag_reuse(payment=payment)
        payment_status_set(order, PaymentStatus.AWAITING_VERIFICATION, note=reference.strip())
        # A reference was given: the stock stays reserved until staff decide.
        order.reservation_expires_at = None
        order.save(update_fields=["reservation_expires_at", "updated_at"])
        order_status_sync(order)
        transfer_reference_notify(payment=payment)
        return payment


def transfer_verify(*, payment_id: int, by: User, approve: bool, note: str = "") -> Order:
    """Platform staff confirm (or reject) that the money arrived."""
    if not by.has_perm("orders.verify_transfers"):
        raise PermissionError
    with transaction.atomic():
        order_id = Payment.objects.values_list("order_id", flat=True).get(pk=payment_id)
        order = Order.objects.select_for_update().get(pk=order_id)
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        if payment.status != Payment.Status.SUBMITTED:
            return order  # already decided: verifying twice changes nothing
        if approve:
            payment_record_set(payment, Payment.Status.SUCCEEDED)
            payment_received(order, payment, by=by, note=note)
            return order
        payment_record_set(payment, Payment.Status.REJECTED)
        # A rejected balance leaves the advance paid: the order is part-paid again.
        back_to = PaymentStatus.PART_PAID if order_paid_so_far(order) else PaymentStatus.PENDING
        payment_status_set(order, back_to, by=by, note=note)
        if not order.stock_released:
            # Back to waiting for the money: the reservation runs again, so a buyer who never
            # pays does not hold the stock forever.
            order.reservation_expires_at = timezone.now() + timedelta(
                minutes=settings.TRANSFER_RESERVATION_MINUTES
            )
            order.save(update_fields=["reservation_expires_at", "updated_at"])
        order_status_sync(order, by=by, note=note)
        return order


def card_payment_failed(order: Order, payment: Payment, *, note: str) -> None:
    """A card attempt failed: the buyer may try again while the stock is held."""
    payment_record_set(payment, Payment.Status.FAILED, fields=("stripe_payment_intent",))
    if order.payment_status == PaymentStatus.PENDING:
        payment_status_set(order, PaymentStatus.FAILED, note=note)
        order_status_sync(order)


def card_payment_retry(order: Order) -> None:
    """A new card attempt after a failed one: the order waits for payment again."""
    if order.payment_status == PaymentStatus.FAILED:
        payment_status_set(order, PaymentStatus.PENDING, note="new card payment attempt")
        order_status_sync(order)


def payment_refunded(order: Order, *, by: User | None = None, note: str = "") -> None:
    """Nothing the buyer paid is kept any more: the payment status becomes refunded."""
    still_paid = Payment.objects.filter(order=order, status=Payment.Status.SUCCEEDED).exists()
    paid = order.payment_status in (PaymentStatus.PAID, PaymentStatus.PART_PAID)
    if paid and not still_paid:
        payment_status_set(order, PaymentStatus.REFUNDED, by=by, note=note)
        order_status_sync(order, by=by, note=note)
