"""Refunds of card payments through Stripe, and refunds made elsewhere (Stripe's dashboard).

The refunded amount on a Payment only ever grows, to the total Stripe reports, so the admin's
refund and the charge.refunded webhook that follows it (in either order) are counted once.
A refund does not cancel sub-orders or put stock back: cancel the order first (order_cancel)
when the goods will not be sent, then refund.
"""

import logging
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.money import format_pkr, to_money
from orders import stripe_api
from orders.models import Order, Payment, PaymentMethod, PaymentStatus
from orders.selectors import MANAGE_ALL_PERMISSION
from orders.services.ledger import ledger_record_refund
from orders.services.status import order_status_refresh, record_change

logger = logging.getLogger(__name__)

REFUNDABLE = (Payment.Status.SUCCEEDED, Payment.Status.REFUNDED)


class RefundError(Exception):
    """A staff-facing reason why this refund cannot be made; nothing was refunded."""


def order_refund(*, order_id: int, by, amount: Decimal | None = None) -> Order:
    """Refund `amount` (default: all that is left) of the order's card payment via Stripe.

    Calling it again after a full refund changes nothing. Two partial refunds are two refunds:
    the idempotency key includes the amount refunded before, so only a retry of the same
    request is collapsed by Stripe. The order stays locked during the Stripe call, so
    concurrent refunds of one order are serialised.
    """
    if not by.has_perm(MANAGE_ALL_PERMISSION):
        raise PermissionDenied
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        payment = _payment_to_refund(order)
        if payment is None:
            raise RefundError(
                _("Only card payments are refunded here; this order has no card payment.")
            )
        remaining = payment.amount - payment.refunded_amount
        if amount is None:
            if remaining <= 0:
                return order  # already refunded in full
            amount = remaining
        amount = to_money(amount)
        if amount <= 0 or amount > remaining:
            raise RefundError(
                _("Refund between %(low)s and %(high)s.")
                % {"low": format_pkr(Decimal("0.01")), "high": format_pkr(remaining)}
            )
        key = (
            f"refund-{order.number}-{payment.pk}-"
            f"{stripe_api.to_minor_units(payment.refunded_amount)}-"
            f"{stripe_api.to_minor_units(amount)}"
        )
        try:
            refund = stripe_api.refund_create(
                payment_intent=payment.stripe_payment_intent,
                amount=amount,
                idempotency_key=key,
                order_number=order.number,
            )
        except stripe_api.StripeUnavailable as error:
            raise RefundError(
                _("Stripe did not make the refund: %(reason)s") % {"reason": error}
            ) from error
        refund_record(
            order=order,
            payment=payment,
            refunded_total=payment.refunded_amount + amount,
            by=by,
            note=f"Stripe refund {refund.id}",
        )
        return order


def _payment_to_refund(order: Order) -> Payment | None:
    payments = list(
        Payment.objects.select_for_update()
        .filter(order=order, method=PaymentMethod.CARD, status__in=REFUNDABLE)
        .exclude(stripe_payment_intent="")
        .order_by("pk")
    )
    open_ones = [payment for payment in payments if payment.refunded_amount < payment.amount]
    return (open_ones or payments or [None])[0]


def refund_record(*, order: Order, payment: Payment, refunded_total: Decimal, by, note: str):
    """Raise the payment's refunded amount to `refunded_total` (call with both rows locked)."""
    refunded_total = min(to_money(refunded_total), payment.amount)
    if refunded_total <= payment.refunded_amount:
        return
    record_change(
        order=order,
        field="refunded_amount",
        old=str(payment.refunded_amount),
        new=str(refunded_total),
        by=by,
        note=note,
    )
    payment.refunded_amount = refunded_total
    if refunded_total == payment.amount:
        payment.status = Payment.Status.REFUNDED
    payment.save(update_fields=["refunded_amount", "status", "updated_at"])
    ledger_record_refund(order_id=order.pk)
    still_paid = Payment.objects.filter(order=order, status=Payment.Status.SUCCEEDED).exists()
    if order.payment_status == PaymentStatus.PAID and not still_paid:
        record_change(
            order=order,
            field="payment_status",
            old=order.payment_status,
            new=PaymentStatus.REFUNDED,
            by=by,
            note=note,
        )
        order.payment_status = PaymentStatus.REFUNDED
        order.save(update_fields=["payment_status", "updated_at"])
        order_status_refresh(order=order, by=by, note=note)


def charge_refunded_record(*, charge: dict) -> str:
    """charge.refunded: a refund made anywhere (here or in Stripe's dashboard) is recorded."""
    payment_intent = charge.get("payment_intent") or ""
    if not isinstance(payment_intent, str):
        payment_intent = payment_intent.get("id", "")
    if (charge.get("currency") or "").lower() != stripe_api.CURRENCY:
        logger.error("charge.refunded in %s for %s ignored", charge.get("currency"), charge)
        return "wrong currency"
    with transaction.atomic():
        payment = Payment.objects.filter(
            stripe_payment_intent=payment_intent, status__in=REFUNDABLE
        ).first()
        if not payment_intent or payment is None:
            return "unknown charge"
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        before = payment.refunded_amount
        refund_record(
            order=order,
            payment=payment,
            refunded_total=stripe_api.from_minor_units(charge.get("amount_refunded") or 0),
            by=None,
            note=f"Stripe charge {charge.get('id', '')} refunded",
        )
        return "refund recorded" if payment.refunded_amount != before else "already recorded"


def card_payment_refund_automatically(*, payment_id: int, note: str) -> None:
    """Refund what is left of a payment we cannot honour; on failure, flag it for staff."""
    with transaction.atomic():
        payment = Payment.objects.get(pk=payment_id)
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        remaining = payment.amount - payment.refunded_amount
        if remaining <= 0 or payment.status != Payment.Status.SUCCEEDED:
            return
        try:
            refund = stripe_api.refund_create(
                payment_intent=payment.stripe_payment_intent,
                amount=remaining,
                idempotency_key=f"refund-automatic-{order.number}-{payment.pk}",
                order_number=order.number,
            )
        except stripe_api.StripeUnavailable:
            logger.exception("Automatic refund of payment %s (%s) failed", payment.pk, note)
            record_change(
                order=order,
                field="refund",
                old="automatic",
                new="needed",
                note=f"automatic refund failed ({note}): refund by hand",
            )
            return
        refund_record(
            order=order,
            payment=payment,
            refunded_total=payment.refunded_amount + remaining,
            by=None,
            note=f"automatic refund {refund.id}: {note}",
        )
