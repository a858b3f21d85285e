"""Stripe's webhook: the only way a card payment, a failure, an expiry, a refund or a payout's
transfer reversal reaches us.

The signature is checked first (Stripe's own code, 5 minutes' tolerance): a bad, stale or
unsigned body gets 400 and writes nothing. The event id is stored in the same transaction as
the change it causes, under a unique constraint, so an event delivered twice, or five times at
once, changes the order once; a failed change rolls back its id too and Stripe retries it.
Event types we do not handle get 200 and are not stored: there is nothing to deduplicate.
Out-of-order delivery is safe because every handler looks at the current state, not the
previous event (an `expired` after `completed` finds the payment already succeeded).
"""

import logging

from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from orders import stripe_api
from orders.finance.payout_reversals import payout_transfer_reversed
from orders.models import StripeEvent
from orders.payments.card_payments import (
    card_payment_confirm,
    card_payment_fail,
    card_session_expired,
)
from orders.payments.refunds import charge_refunded_record

logger = logging.getLogger(__name__)


def _session(handler):
    return lambda data: handler(session=stripe_api.CheckoutSession.from_stripe(data))


HANDLERS = {
    "checkout.session.completed": _session(card_payment_confirm),
    "checkout.session.async_payment_succeeded": _session(card_payment_confirm),
    "checkout.session.async_payment_failed": _session(card_payment_fail),
    "checkout.session.expired": _session(card_session_expired),
    "charge.refunded": lambda data: charge_refunded_record(charge=data),
    "transfer.reversed": lambda data: payout_transfer_reversed(
        transfer=stripe_api.Transfer.from_stripe(data)
    ),
}


def stripe_event_process(*, event: dict) -> str:
    """Apply one verified event once; returns what happened, for the log and the response."""
    handler = HANDLERS.get(event["type"])
    if handler is None:
        return "ignored"
    data = (event.get("data") or {}).get("object") or {}
    with transaction.atomic():
        try:
            with transaction.atomic():
                StripeEvent.objects.create(event_id=event["id"], event_type=event["type"])
        except IntegrityError:
            return "duplicate"
        return handler(data)


# Stripe signs the body instead of sending a CSRF token: the one csrf_exempt payments view.
@csrf_exempt
@require_POST
def stripe_webhook(request):
    try:
        event = stripe_api.webhook_event_verify(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except stripe_api.WebhookSignatureInvalid as error:
        logger.warning("Stripe webhook refused: %s", error)
        return HttpResponseBadRequest("invalid signature", content_type="text/plain")
    outcome = stripe_event_process(event=event)
    logger.info("Stripe event %s %s: %s", event["type"], event["id"], outcome)
    return HttpResponse(outcome, content_type="text/plain")
