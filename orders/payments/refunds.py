"""Refunds of card payments through Stripe, and refunds made elsewhere (Stripe's dashboard).

The refunded amount on a Payment only ever grows, to the total Stripe reports, so the admin's
refund and the charge.refunded webhook that follows it (in either order) are counted once.
`order_refund` is finance's free-amount refund of a card payment: it does not cancel
sub-orders or put stock back, and the ledger shares it over the paid sub-orders. Refunds the
lifecycle owes for one sub-order (cancelled, declined, returned) are Refund rows: card ones
are sent by `refund_send` after commit, transfer ones marked sent by finance
(`refund_mark_sent`).
"""

import logging
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.money import format_pkr, to_money
from marketplace.users import User
from orders import stripe_api
from orders.finance.ledger import ledger_record_refund
from orders.lifecycle.payments import payment_refunded
from orders.lifecycle.records import payment_record_set, record_change
from orders.models import Order, Payment, PaymentMethod, Refund, RefundChannel, RefundStatus
from orders.notifications import refund_sent_notify
from orders.selectors import MANAGE_ALL_PERMISSION

logger = logging.getLogger(__name__)

REFUNDABLE = (Payment.Status.SUCCEEDED, Payment.Status.REFUNDED)


class RefundError(Exception):
    """A staff-facing reason why this refund cannot be made; nothing was refunded."""


def order_refund(*, order_id: int, by: User, amount: Decimal | None = None) -> Order:
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
    candidates = open_ones or payments
    return candidates[0] if candidates else None


def refund_record(
    *, order: Order, payment: Payment, refunded_total: Decimal, by: User | None, note: str
) -> None:
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
    if refunded_total == payment.amount and payment.status == Payment.Status.SUCCEEDED:
        payment_record_set(payment, Payment.Status.REFUNDED, fields=("refunded_amount",))
    else:
        payment.save(update_fields=["refunded_amount", "updated_at"])
    ledger_record_refund(order_id=order.pk)
    payment_refunded(order, by=by, note=note)


def _refund_lock(refund_id: int) -> tuple[Order, Refund]:
    order_id = Refund.objects.values_list("order_id", flat=True).get(pk=refund_id)
    order = Order.objects.select_for_update().get(pk=order_id)
    refund = (
        Refund.objects.select_for_update(of=("self",)).select_related("payment").get(pk=refund_id)
    )
    return order, refund


def _refund_sent(order: Order, refund: Refund, *, by: User | None, reference: str) -> None:
    """Mark a locked refund sent; the payment's refunded total and the ledger follow."""
    refund.status = RefundStatus.SENT
    refund.reference = reference[:120]
    refund.sent_at = timezone.now()
    refund.sent_by = by if by is not None and by.is_authenticated else None
    refund.save(update_fields=["status", "reference", "sent_at", "sent_by"])
    order.refund_due = max(to_money(order.refund_due - refund.amount), to_money(0))
    order.save(update_fields=["refund_due", "updated_at"])
    if refund.payment_id is not None:
        payment = Payment.objects.select_for_update().get(pk=refund.payment_id)
        refund_record(
            order=order,
            payment=payment,
            refunded_total=payment.refunded_amount + refund.amount,
            by=by,
            note=f"refund {refund.pk} sent: {reference}",
        )
    refund_sent_notify(refund=refund)


def refund_send(*, refund_id: int) -> Refund:
    """Send an owed card refund through Stripe, once (the key is the refund's own id).

    If Stripe cannot be reached the refund stays owed and StripeUnavailable is raised; the
    task retries, and finance can send it again from the order desk.
    """
    with transaction.atomic():
        order, refund = _refund_lock(refund_id)
        if refund.status != RefundStatus.OWED or refund.channel != RefundChannel.CARD:
            return refund
        assert refund.payment is not None  # a card refund always names its payment
        stripe_refund = stripe_api.refund_create(
            payment_intent=refund.payment.stripe_payment_intent,
            amount=refund.amount,
            idempotency_key=f"refund-{refund.pk}",
            order_number=order.number,
        )
        _refund_sent(order, refund, by=None, reference=f"Stripe {stripe_refund.id}")
        return refund


def refund_mark_sent(*, refund_id: int, by: User, reference: str) -> Refund:
    """Finance sent an owed transfer refund by hand: record it with the bank/wallet reference."""
    if not by.is_active or not by.has_perm(MANAGE_ALL_PERMISSION):
        raise PermissionDenied
    if not reference.strip():
        raise RefundError(_("Enter the bank or wallet reference of the refund."))
    with transaction.atomic():
        order, refund = _refund_lock(refund_id)
        if refund.status != RefundStatus.OWED:
            raise RefundError(_("This refund is already marked sent."))
        if refund.channel != RefundChannel.TRANSFER:
            raise RefundError(_("Card refunds are sent through Stripe, not by hand."))
        _refund_sent(order, refund, by=by, reference=reference.strip())
        return refund


def charge_refunded_record(*, charge: dict[str, Any]) -> str:
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
