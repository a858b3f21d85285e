"""Webhook events as Stripe sends them, signed with Stripe's real scheme, for the fake Stripe
server's tests: `t=<unix time>,v1=<HMAC-SHA256 hex of "<t>.<body>" keyed with the endpoint
secret>`. Also importable from tests.fakes.stripe_server.
"""

import hashlib
import hmac
import itertools
import json
import time

WEBHOOK_SECRET = "whsec_test_fake_crafts_mela"

_event_counter = itertools.count(1)


def event(event_type: str, data_object: dict, *, event_id: str | None = None) -> dict:
    return {
        "id": event_id or f"evt_test_{next(_event_counter):06d}_{time.time_ns()}",
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": int(time.time()),
        "type": event_type,
        "livemode": False,
        "pending_webhooks": 1,
        "data": {"object": data_object},
    }


def sign(payload: str, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """The Stripe-Signature header for `payload`."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(
        secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


def deliver(client, event_body: dict, *, secret: str = WEBHOOK_SECRET, timestamp=None):
    """POST a signed event to the webhook with django.test.Client, as Stripe would."""
    payload = json.dumps(event_body)
    return client.post(
        "/payments/stripe/webhook/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload, secret=secret, timestamp=timestamp),
    )
