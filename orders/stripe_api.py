"""Every call to Stripe goes through this module, so tests swap the server, never the logic.

The real `stripe` library is used everywhere; `settings.STRIPE_API_BASE` points it at another
server (the tests' fake Stripe on 127.0.0.1). Amounts cross this boundary as Decimal rupees and
leave it as integer paisa: PKR is a two-decimal currency in Stripe, so 1,250.50 is 125050.
Every POST carries an idempotency key derived from our own rows, so a retried request (ours or
the library's) can never create a second session or a second refund.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import stripe
from django.conf import settings
from stripe.params.checkout import SessionCreateParams

from marketplace.money import HUNDRED, to_money

CURRENCY = "pkr"
WEBHOOK_TOLERANCE_SECONDS = 300


class StripeUnavailable(Exception):
    """Stripe refused or could not be reached; nothing was charged or refunded by this call."""


class StripeRefused(Exception):
    """Stripe answered that this request cannot succeed as sent (a bad destination account,
    too little platform balance): sending it again with the same key will not help."""


class WebhookSignatureInvalid(Exception):
    """The webhook body is not signed with our secret, is too old, or is not JSON."""


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str
    status: str  # open | complete | expired
    payment_status: str  # unpaid | paid | no_payment_required
    amount_total: int | None
    currency: str
    payment_intent: str
    metadata: dict = field(default_factory=dict)

    @classmethod
    def from_stripe(cls, data: dict) -> "CheckoutSession":
        payment_intent = data.get("payment_intent") or ""
        if not isinstance(payment_intent, str):  # expanded into an object
            payment_intent = payment_intent.get("id", "")
        return cls(
            id=data["id"],
            url=data.get("url") or "",
            status=data.get("status") or "",
            payment_status=data.get("payment_status") or "",
            amount_total=data.get("amount_total"),
            currency=(data.get("currency") or "").lower(),
            payment_intent=payment_intent,
            metadata=dict(data.get("metadata") or {}),
        )


@dataclass(frozen=True)
class Refund:
    id: str
    amount: int
    status: str


def to_minor_units(amount: Decimal) -> int:
    """Rupees as integer paisa, exactly (to_money refuses floats)."""
    return int((to_money(amount) * HUNDRED).to_integral_exact())


def from_minor_units(amount: int) -> Decimal:
    return to_money(Decimal(int(amount)) / HUNDRED)


def _client() -> stripe.StripeClient:
    base = settings.STRIPE_API_BASE.rstrip("/")
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": base} if base else None,
        # Safe to retry: every POST below carries its own idempotency key.
        max_network_retries=2,
    )


def checkout_session_create(
    *,
    order_number: str,
    attempt: int,
    amount: Decimal,
    description: str,
    success_url: str,
    cancel_url: str,
    expires_at: datetime,
    customer_email: str = "",
    payment_id: int,
) -> CheckoutSession:
    """A hosted Checkout Session for the whole order, as one line in PKR.

    One line rather than one per item keeps `amount_total` equal to the order's total by
    construction (Stripe also caps line items); the buyer saw the itemised order on our site.
    The same (order, attempt) always sends the same parameters, so a replay is harmless.
    """
    params: SessionCreateParams = {
        "mode": "payment",
        "client_reference_id": order_number,
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": CURRENCY,
                    "unit_amount": to_minor_units(amount),
                    "product_data": {"name": description},
                },
            }
        ],
        "metadata": {"order_number": order_number, "payment_id": str(payment_id)},
        "payment_intent_data": {"metadata": {"order_number": order_number}},
        "success_url": success_url,
        "cancel_url": cancel_url,
        "expires_at": int(expires_at.timestamp()),
    }
    if customer_email:
        params["customer_email"] = customer_email
    try:
        session = _client().v1.checkout.sessions.create(
            params=params,
            options={"idempotency_key": f"checkout-session-{order_number}-{attempt}"},
        )
    except stripe.StripeError as error:
        raise StripeUnavailable(str(error)) from error
    return CheckoutSession.from_stripe(session.to_dict())


def checkout_session_retrieve(session_id: str) -> CheckoutSession:
    try:
        session = _client().v1.checkout.sessions.retrieve(session_id)
    except stripe.StripeError as error:
        raise StripeUnavailable(str(error)) from error
    return CheckoutSession.from_stripe(session.to_dict())


def checkout_session_expire(session_id: str) -> CheckoutSession | None:
    """Close an open session so it can no longer be paid; None if it is not open any more."""
    try:
        session = _client().v1.checkout.sessions.expire(session_id)
    except stripe.InvalidRequestError:
        return None  # already complete or expired: Stripe refuses to expire it
    except stripe.StripeError as error:
        raise StripeUnavailable(str(error)) from error
    return CheckoutSession.from_stripe(session.to_dict())


def refund_create(
    *, payment_intent: str, amount: Decimal, idempotency_key: str, order_number: str
) -> Refund:
    try:
        refund = _client().v1.refunds.create(
            params={
                "payment_intent": payment_intent,
                "amount": to_minor_units(amount),
                "metadata": {"order_number": order_number},
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        raise StripeUnavailable(str(error)) from error
    return Refund(id=refund["id"], amount=int(refund["amount"]), status=refund["status"])


@dataclass(frozen=True)
class Transfer:
    id: str
    amount: int
    destination: str
    transfer_group: str
    # Paisa taken back so far by reversals (cumulative, as Stripe reports it).
    amount_reversed: int = 0

    @classmethod
    def from_stripe(cls, data: dict) -> "Transfer":
        """From a transfer object: an API answer or a webhook event's data.object."""
        destination = data.get("destination") or ""
        if not isinstance(destination, str):  # expanded into an account object
            destination = destination.get("id", "")
        return cls(
            id=data["id"],
            amount=int(data["amount"]),
            destination=destination,
            transfer_group=data.get("transfer_group") or "",
            amount_reversed=int(data.get("amount_reversed") or 0),
        )


def _transfer(transfer: stripe.Transfer) -> Transfer:
    return Transfer.from_stripe(transfer.to_dict())


def transfer_create(
    *,
    amount: Decimal,
    destination: str,
    transfer_group: str,
    idempotency_key: str,
    description: str,
    metadata: dict[str, str],
) -> Transfer:
    """Send money from the platform's balance to a connected account (Stripe Connect).

    Raises StripeRefused when Stripe says no for good, StripeUnavailable when the outcome is
    unknown (network, 5xx, rate limit): the caller retries later with the same key.
    """
    try:
        transfer = _client().v1.transfers.create(
            params={
                "amount": to_minor_units(amount),
                "currency": CURRENCY,
                "destination": destination,
                "transfer_group": transfer_group,
                "description": description,
                "metadata": metadata,
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.IdempotencyError as error:
        # Our parameters never change for a key; if Stripe says they did, do not guess.
        raise StripeUnavailable(str(error)) from error
    except stripe.InvalidRequestError as error:
        raise StripeRefused(error.user_message or str(error)) from error
    except stripe.StripeError as error:
        raise StripeUnavailable(str(error)) from error
    return _transfer(transfer)


def transfer_find(*, transfer_group: str) -> Transfer | None:
    """The transfer already made for `transfer_group`, if any.

    Stripe forgets idempotency keys after 24 hours; looking the transfer up first keeps a
    payout resumed later than that from being sent twice.
    """
    try:
        found = _client().v1.transfers.list(params={"transfer_group": transfer_group, "limit": 1})
    except stripe.StripeError as error:
        raise StripeUnavailable(str(error)) from error
    transfers = found.data
    return _transfer(transfers[0]) if transfers else None


def webhook_event_verify(*, payload: bytes, signature: str) -> dict:
    """The event as a plain dict, after Stripe's own signature and timestamp check."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise WebhookSignatureInvalid("STRIPE_WEBHOOK_SECRET is not set")
    try:
        stripe.Webhook.construct_event(
            payload, signature, secret, tolerance=WEBHOOK_TOLERANCE_SECONDS
        )
        event = json.loads(payload)
    except (stripe.SignatureVerificationError, ValueError, AttributeError, TypeError) as error:
        # AttributeError/TypeError: signed but not an event object (a JSON list, say).
        raise WebhookSignatureInvalid(str(error)) from error
    if not isinstance(event, dict) or not event.get("id") or not event.get("type"):
        raise WebhookSignatureInvalid("not a Stripe event")
    return event
