"""Card payments through Stripe Checkout: start a session, then apply what Stripe's webhooks say.

Only a signed webhook marks an order paid; the buyer's return from Stripe proves nothing.
Each webhook handler is one transaction that locks the order and then the payment (the same
order as refunds), so duplicate or concurrent events change the state once.

Late payments: a session can be paid after the order's reservation ran out and its stock went
back on sale. If the order was cancelled by that expiry, the stock is taken again and the order
is paid as normal; if the stock is gone (or staff cancelled the order on purpose), the order
stays cancelled, the payment is recorded and refunded in full automatically after commit.
A second successful payment for an already-paid order (two tabs) is refunded the same way.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.services import StockError
from orders import stripe_api
from orders.lifecycle.effects import stock_retake
from orders.lifecycle.payments import (
    card_payment_failed,
    card_payment_retry,
    order_amount_due,
    payment_received,
)
from orders.lifecycle.records import (
    order_status_sync,
    payment_record_set,
    payment_status_set,
    record_change,
    sub_order_status_set,
)
from orders.models import (
    CancellationKind,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentMethod,
    PaymentStatus,
    SubOrder,
    SubOrderStatus,
)
from orders.payments.refunds import card_payment_refund_automatically

logger = logging.getLogger(__name__)

# Stripe refuses expires_at less than 30 minutes or more than 24 hours ahead.
SESSION_MIN_AHEAD = timedelta(minutes=31)
SESSION_MAX_AHEAD = timedelta(hours=23, minutes=50)


# A card payment in one of these is final: a later "completed" event changes nothing.
SETTLED = (Payment.Status.SUCCEEDED, Payment.Status.REFUNDED, Payment.Status.REJECTED)


class CardPaymentError(Exception):
    """A buyer-facing reason a card payment cannot be started now."""


def card_payment_is_open(order: Order) -> bool:
    """Whether the buyer may (still) pay this order by card."""
    return (
        bool(settings.STRIPE_SECRET_KEY)
        and order.payment_method == PaymentMethod.CARD
        and order.status in (OrderStatus.PENDING_PAYMENT, OrderStatus.PART_PAID)
        and order.payment_status
        in (PaymentStatus.PENDING, PaymentStatus.FAILED, PaymentStatus.PART_PAID)
        and not order.stock_released
    )


def card_checkout_start(*, order: Order, request: HttpRequest, new_session: bool = False) -> str:
    """The Stripe Checkout address where the buyer pays `order`.

    A repeated call (a double-submitted checkout) gets the same session back, through the
    idempotency key. `new_session=True` (the buyer's "try again") first closes the open
    session at Stripe, so two sessions can never both be paid; if that session was already
    paid, the buyer is sent to the return page instead. The Stripe calls happen between short
    transactions, never while a row is locked.
    """
    if order.payment_status in (PaymentStatus.PAID, PaymentStatus.REFUNDED):
        return reverse("stripe_return", args=[order.number, order.access_token])
    if new_session:
        previous = (
            Payment.objects.filter(order=order, method=PaymentMethod.CARD)
            .filter(status=Payment.Status.PENDING)
            .exclude(stripe_session_id="")
            .order_by("-pk")
            .first()
        )
        if previous is not None and not _session_close(previous):
            return reverse("stripe_return", args=[order.number, order.access_token])

    payment, attempt, expires_at = _payment_attempt_prepare(order_id=order.pk)
    order = payment.order
    try:
        session = stripe_api.checkout_session_create(
            order_number=order.number,
            attempt=attempt,
            amount=payment.amount,
            description=_("Crafts Mela order %(number)s") % {"number": order.number},
            success_url=_absolute(request, "stripe_return", order),
            cancel_url=_absolute(request, "stripe_cancel", order),
            expires_at=expires_at,
            customer_email=order.contact_email,
            payment_id=payment.pk,
        )
    except stripe_api.StripeUnavailable as error:
        logger.warning("Stripe session for %s not created: %s", order.number, error)
        raise CardPaymentError(
            _("Card payment is not available right now. Your order is saved: please try again.")
        ) from error
    with transaction.atomic():
        Payment.objects.filter(pk=payment.pk, stripe_session_id="").update(
            stripe_session_id=session.id, updated_at=timezone.now()
        )
    return session.url


def _absolute(request: HttpRequest, name: str, order: Order) -> str:
    return request.build_absolute_uri(reverse(name, args=[order.number, order.access_token]))


def _payment_attempt_prepare(*, order_id: int) -> tuple[Payment, int, datetime]:
    """The pending Payment to pay (made if needed), its attempt number and session deadline."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        if not card_payment_is_open(order):
            raise CardPaymentError(_("This order cannot be paid by card any more."))
        now = timezone.now()
        # The session closes when the reservation ends; a retry near the end extends both.
        if order.reservation_expires_at is None or order.reservation_expires_at < (
            now + SESSION_MIN_AHEAD
        ):
            minutes = max(settings.CARD_RESERVATION_MINUTES, SESSION_MIN_AHEAD.seconds // 60)
            order.reservation_expires_at = now + timedelta(minutes=minutes)
            order.save(update_fields=["reservation_expires_at", "updated_at"])
        card_payments = Payment.objects.filter(order=order, method=PaymentMethod.CARD)
        payment = card_payments.filter(status=Payment.Status.PENDING).order_by("-pk").first()
        if payment is None:
            payment = Payment.objects.create(
                order=order,
                method=PaymentMethod.CARD,
                amount=order_amount_due(order),
                currency=order.currency,
            )
            card_payment_retry(order)
        attempt = card_payments.filter(pk__lte=payment.pk).count()
        expires_at = min(order.reservation_expires_at, now + SESSION_MAX_AHEAD)
        payment.order = order
        return payment, attempt, expires_at.replace(microsecond=0)


def _session_close(payment: Payment) -> bool:
    """Expire the payment's open session at Stripe; False if it was paid meanwhile."""
    try:
        closed = stripe_api.checkout_session_expire(payment.stripe_session_id)
        if closed is None:
            session = stripe_api.checkout_session_retrieve(payment.stripe_session_id)
            if session.status == "complete":
                return False  # paid (or paying): the webhook decides, not us
    except stripe_api.StripeUnavailable as error:
        raise CardPaymentError(
            _("Card payment is not available right now. Your order is saved: please try again.")
        ) from error
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status == Payment.Status.PENDING:
            payment_record_set(payment, Payment.Status.FAILED)
            record_change(
                order=order,
                field="card_session",
                old="open",
                new="replaced",
                note=payment.stripe_session_id,
            )
    return True


def _locked(session: stripe_api.CheckoutSession) -> tuple[Order, Payment] | None:
    """The order (locked first) and payment a session belongs to, or None if not ours."""
    payment = Payment.objects.filter(stripe_session_id=session.id).first()
    if payment is None:
        # The session id may not be saved yet if our own request died after Stripe answered.
        payment_id = str(session.metadata.get("payment_id", ""))
        payment = Payment.objects.filter(
            pk=int(payment_id) if payment_id.isdigit() else 0,
            order__number=session.metadata.get("order_number", ""),
            method=PaymentMethod.CARD,
            stripe_session_id="",
        ).first()
    if payment is None:
        return None
    order = Order.objects.select_for_update().get(pk=payment.order_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if not payment.stripe_session_id:
        payment.stripe_session_id = session.id
    return order, payment


def _to_record(
    session: stripe_api.CheckoutSession, *, recorded: Callable[[Payment], bool]
) -> tuple[Order, Payment] | str:
    """In a webhook's transaction: the session's order and payment, locked, or the outcome
    when there is nothing to do ("unknown session"; "already recorded" when `recorded`)."""
    found = _locked(session)
    if found is None:
        return "unknown session"
    if recorded(found[1]):
        return "already recorded"
    return found


def _not_pending(payment: Payment) -> bool:
    return payment.status != Payment.Status.PENDING


def card_payment_confirm(*, session: stripe_api.CheckoutSession) -> str:
    """checkout.session.completed / async_payment_succeeded: the money arrived."""
    with transaction.atomic():
        found = _to_record(session, recorded=lambda payment: payment.status in SETTLED)
        if isinstance(found, str):
            return found
        order, payment = found
        payment.stripe_payment_intent = session.payment_intent or payment.stripe_payment_intent
        if session.payment_status != "paid":
            # A delayed method (bank debit): async_payment_succeeded/failed will follow.
            payment.save(update_fields=["stripe_session_id", "stripe_payment_intent", "updated_at"])
            return "awaiting payment"
        # What is due: the total, or a trade order's advance and then its balance.
        due = order_amount_due(order) if order.advance_due else order.grand_total
        expected = stripe_api.to_minor_units(due)
        if (
            session.currency != stripe_api.CURRENCY
            or session.amount_total != expected
            or payment.amount != due
        ):
            return _amount_mismatch(order, payment, session, expected)
        payment_record_set(
            payment, Payment.Status.SUCCEEDED, fields=("stripe_session_id", "stripe_payment_intent")
        )
        if order.payment_status in (PaymentStatus.PAID, PaymentStatus.REFUNDED):
            return _refund_after_commit(order, payment, "duplicate card payment")
        cancelled = order.status == OrderStatus.CANCELLED or order.stock_released
        if cancelled and not _stock_retake(order):
            _mark_paid(order, payment, session, note="paid after cancellation", refund=False)
            return _refund_after_commit(order, payment, "paid after cancellation")
        _mark_paid(order, payment, session, note="card payment")
        return "paid"


def _amount_mismatch(
    order: Order, payment: Payment, session: stripe_api.CheckoutSession, expected: int
) -> str:
    payment_record_set(
        payment, Payment.Status.REJECTED, fields=("stripe_session_id", "stripe_payment_intent")
    )
    note = (
        f"Stripe charged {session.amount_total} {session.currency} (minor units) in "
        f"{session.id}; the order expects {expected} {stripe_api.CURRENCY}. Check and refund."
    )
    record_change(order=order, field="payment_check", old="", new="amount_mismatch", note=note)
    logger.error("Order %s: %s", order.number, note)
    return "amount mismatch"


def _mark_paid(
    order: Order,
    payment: Payment,
    session: stripe_api.CheckoutSession,
    *,
    note: str,
    refund: bool = True,
) -> None:
    if not refund:
        # The whole payment is refunded automatically: nothing of it is owed per sub-order.
        payment_status_set(order, PaymentStatus.PAID, note=f"{note} {session.id}")
        order_status_sync(order, note=note)
        return
    payment_received(order, payment, note=f"{note} {session.id}")


def _stock_retake(order: Order) -> bool:
    """Reopen an order its reservation expiry cancelled, taking its stock again; or False.

    Only an expiry counts (a field set by the expiry itself): an order that staff cancelled
    on purpose stays cancelled and the payment is refunded.
    """
    lines = OrderLine.objects.filter(sub_order__order=order)
    if order.cancellation_kind != CancellationKind.EXPIRED or lines.filter(variant=None).exists():
        return False
    try:
        with transaction.atomic():
            cancelled = SubOrder.objects.filter(order=order, status=SubOrderStatus.CANCELLED)
            for sub_order in cancelled.order_by("pk"):
                sub_order.order = order
                stock_retake(sub_order)
                sub_order.cancellation_kind = ""
                sub_order.cancellation_reason = ""
                sub_order_status_set(
                    sub_order,
                    SubOrderStatus.NEW,
                    note="paid after expiry: stock taken again",
                    fields=("cancellation_kind", "cancellation_reason"),
                )
            order.stock_released = False
            order.cancellation_kind = ""
            order.cancelled_at = None
            order.save(
                update_fields=["stock_released", "cancellation_kind", "cancelled_at", "updated_at"]
            )
    except StockError:
        return False
    return True


def _refund_after_commit(order: Order, payment: Payment, reason: str) -> str:
    record_change(order=order, field="refund", old="", new="automatic", note=reason)
    payment_id = payment.pk
    transaction.on_commit(
        lambda: card_payment_refund_automatically(payment_id=payment_id, note=reason)
    )
    return f"refunding: {reason}"


def card_payment_fail(*, session: stripe_api.CheckoutSession) -> str:
    """checkout.session.async_payment_failed: the buyer may try again while stock is held."""
    with transaction.atomic():
        found = _to_record(session, recorded=_not_pending)
        if isinstance(found, str):
            return found
        order, payment = found
        payment.stripe_payment_intent = session.payment_intent or payment.stripe_payment_intent
        card_payment_failed(order, payment, note=session.id)
        return "failed"


def card_session_expired(*, session: stripe_api.CheckoutSession) -> str:
    """checkout.session.expired: that session can no longer be paid.

    Only the payment attempt closes; the order is cancelled by its own reservation expiry
    (orders_expire_unpaid). Arriving after `completed`, it changes nothing.
    """
    with transaction.atomic():
        found = _to_record(session, recorded=_not_pending)
        if isinstance(found, str):
            return found
        order, payment = found
        payment_record_set(payment, Payment.Status.FAILED, fields=("stripe_session_id",))
        record_change(order=order, field="card_session", old="open", new="expired", note=session.id)
        return "expired"
