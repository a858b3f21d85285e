"""Stripe's webhook: signed, idempotent, tolerant of redelivery and of events out of order."""

import json
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from catalog.models import ProductVariant
from orders.lifecycle.orders import order_cancel, orders_expire_unpaid
from orders.models import (
    Order,
    OrderStatus,
    Payment,
    PaymentStatus,
    StatusChange,
    StripeEvent,
    SubOrderStatus,
)
from tests.factories import make_group, make_product
from tests.fakes.stripe_server import WEBHOOK_SECRET, FakeStripe, deliver, event, sign
from tests.orders.test_stripe_checkout import place_card_order

WEBHOOK = "/payments/stripe/webhook/"


@pytest.fixture
def paid_at_stripe(client, stripe_server, two_groups_catalog):
    """An order paid on Stripe's page whose webhook has not arrived yet: (order, session)."""
    order, session_id = place_card_order(client, two_groups_catalog["shawl"], 2)
    return order, stripe_server.pay(session_id)


def payment_changes(order) -> int:
    return StatusChange.objects.filter(order=order, field="payment_status").count()


def nothing_written(order) -> bool:
    order.refresh_from_db()
    return (
        not StripeEvent.objects.exists()
        and order.payment_status == PaymentStatus.PENDING
        and order.payments.get().status == Payment.Status.PENDING
    )


@pytest.mark.django_db
def test_valid_completed_event_marks_the_order_paid_and_is_stored(client, paid_at_stripe):
    order, session = paid_at_stripe
    completed = event("checkout.session.completed", session)

    response = deliver(client, completed)

    assert response.status_code == 200
    order.refresh_from_db()
    assert (order.status, order.payment_status) == (OrderStatus.PAID, PaymentStatus.PAID)
    assert StripeEvent.objects.get().event_id == completed["id"]


@pytest.mark.django_db
def test_bad_signature_is_refused_and_writes_nothing(client, paid_at_stripe):
    order, session = paid_at_stripe

    response = deliver(client, event("checkout.session.completed", session), secret="whsec_other")

    assert response.status_code == 400
    assert nothing_written(order)


@pytest.mark.django_db
def test_tampered_body_is_refused(client, paid_at_stripe):
    order, session = paid_at_stripe
    payload = json.dumps(event("checkout.session.completed", session))
    signature = sign(payload)

    response = client.post(
        WEBHOOK,
        data=payload.replace('"paid"', '"paid" '),
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature,
    )

    assert response.status_code == 400
    assert nothing_written(order)


@pytest.mark.django_db
def test_stale_timestamp_is_refused_and_writes_nothing(client, paid_at_stripe):
    order, session = paid_at_stripe
    six_minutes_ago = int(time.time()) - 301

    response = deliver(
        client, event("checkout.session.completed", session), timestamp=six_minutes_ago
    )

    assert response.status_code == 400
    assert nothing_written(order)


@pytest.mark.django_db
def test_missing_signature_and_signed_garbage_are_refused(client, paid_at_stripe):
    order, _session = paid_at_stripe
    unsigned = client.post(WEBHOOK, data="{}", content_type="application/json")
    garbage = client.post(
        WEBHOOK,
        data="not json",
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign("not json"),
    )
    signed_list = client.post(
        WEBHOOK, data="[1]", content_type="application/json", HTTP_STRIPE_SIGNATURE=sign("[1]")
    )
    assert [unsigned.status_code, garbage.status_code, signed_list.status_code] == [400] * 3
    assert client.get(WEBHOOK).status_code == 405
    assert nothing_written(order)


@pytest.mark.django_db
def test_webhook_refuses_everything_when_no_secret_is_configured(client, settings, paid_at_stripe):
    order, session = paid_at_stripe
    settings.STRIPE_WEBHOOK_SECRET = ""
    response = deliver(client, event("checkout.session.completed", session))
    assert response.status_code == 400
    assert nothing_written(order)


@pytest.mark.django_db
def test_unknown_event_type_is_acknowledged_and_not_stored(client, paid_at_stripe):
    order, _session = paid_at_stripe

    response = deliver(client, event("customer.created", {"id": "cus_1", "object": "customer"}))

    assert response.status_code == 200 and response.content == b"ignored"
    assert nothing_written(order)


@pytest.mark.django_db
def test_event_delivered_five_times_in_a_row_changes_the_order_once(client, paid_at_stripe):
    order, session = paid_at_stripe
    completed = event("checkout.session.completed", session)

    outcomes = [deliver(client, completed).content for _ in range(5)]

    assert outcomes == [b"paid"] + [b"duplicate"] * 4
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PAID
    assert payment_changes(order) == 1
    assert StripeEvent.objects.count() == 1


@pytest.mark.django_db
def test_completed_and_async_succeeded_for_one_session_pay_once(client, paid_at_stripe):
    order, session = paid_at_stripe
    deliver(client, event("checkout.session.completed", session))
    response = deliver(client, event("checkout.session.async_payment_succeeded", session))
    assert response.content == b"already recorded"
    assert payment_changes(order) == 1


@pytest.mark.django_db
def test_expired_arriving_after_completed_does_not_touch_a_paid_order(client, paid_at_stripe):
    order, session = paid_at_stripe
    deliver(client, event("checkout.session.completed", session))

    expired = dict(session, status="expired")
    response = deliver(client, event("checkout.session.expired", expired))

    assert response.status_code == 200 and response.content == b"already recorded"
    order.refresh_from_db()
    assert (order.status, order.payment_status) == (OrderStatus.PAID, PaymentStatus.PAID)
    assert order.payments.get().status == Payment.Status.SUCCEEDED


@pytest.mark.django_db
def test_expired_session_closes_the_attempt_and_the_reservation_cancels_the_order(
    client, stripe_server, two_groups_catalog
):
    order, session_id = place_card_order(client, two_groups_catalog["shawl"], 2)

    response = deliver(client, event("checkout.session.expired", stripe_server.expire(session_id)))

    assert response.content == b"expired"
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert order.payments.get().status == Payment.Status.FAILED
    orders_expire_unpaid(now=order.reservation_expires_at.replace(year=2100))
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert ProductVariant.objects.get(pk=two_groups_catalog["shawl"].pk).stock == 5


@pytest.mark.django_db
def test_async_payment_failure_leaves_the_order_open_for_another_try(
    client, stripe_server, two_groups_catalog
):
    order, session_id = place_card_order(client, two_groups_catalog["shawl"])
    failed = dict(stripe_server.sessions[session_id], status="complete", payment_intent="pi_x")

    response = deliver(client, event("checkout.session.async_payment_failed", failed))

    assert response.content == b"failed"
    order.refresh_from_db()
    assert (order.status, order.payment_status) == (
        OrderStatus.PENDING_PAYMENT,
        PaymentStatus.FAILED,
    )
    retry = client.post(f"/payments/stripe/cancel/{order.number}/{order.access_token}/")
    assert "/pay/" in retry["Location"]
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PENDING


@pytest.mark.django_db
def test_completed_but_unpaid_session_waits_for_the_async_result(
    client, stripe_server, two_groups_catalog
):
    order, session_id = place_card_order(client, two_groups_catalog["shawl"])
    pending = dict(stripe_server.sessions[session_id], status="complete", payment_intent="pi_y")

    response = deliver(client, event("checkout.session.completed", pending))

    assert response.content == b"awaiting payment"
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PENDING
    assert order.payments.get().stripe_payment_intent == "pi_y"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [{"amount_total": 100}, {"amount_total": 1}, {"currency": "usd"}],
    ids=["less", "one-paisa", "other-currency"],
)
def test_amount_or_currency_mismatch_does_not_mark_the_order_paid(client, paid_at_stripe, change):
    order, session = paid_at_stripe

    response = deliver(client, event("checkout.session.completed", dict(session, **change)))

    assert response.status_code == 200 and response.content == b"amount mismatch"
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PENDING
    assert order.payments.get().status == Payment.Status.REJECTED
    assert StatusChange.objects.filter(order=order, new_value="amount_mismatch").exists()


@pytest.mark.django_db
def test_completed_event_for_a_session_that_is_not_ours_is_acknowledged(client, stripe_server):
    foreign = {"id": "cs_elsewhere", "object": "checkout.session", "payment_status": "paid"}
    response = deliver(client, event("checkout.session.completed", foreign))
    assert response.status_code == 200 and response.content == b"unknown session"


@pytest.mark.django_db
def test_payment_after_expiry_takes_the_stock_again_when_it_is_still_there(
    client, paid_at_stripe, two_groups_catalog
):
    order, session = paid_at_stripe
    orders_expire_unpaid(now=order.reservation_expires_at.replace(year=2100))
    shawl = ProductVariant.objects.get(pk=two_groups_catalog["shawl"].pk)
    assert shawl.stock == 5

    response = deliver(client, event("checkout.session.completed", session))

    assert response.content == b"paid"
    order.refresh_from_db()
    assert (order.status, order.payment_status) == (OrderStatus.PAID, PaymentStatus.PAID)
    assert not order.stock_released
    assert set(order.sub_orders.values_list("status", flat=True)) == {SubOrderStatus.NEW}
    shawl.refresh_from_db()
    assert shawl.stock == 3


@pytest.mark.django_db
def test_payment_after_expiry_is_refunded_when_the_stock_is_gone(
    client, paid_at_stripe, two_groups_catalog, stripe_server, django_capture_on_commit_callbacks
):
    order, session = paid_at_stripe
    orders_expire_unpaid(now=order.reservation_expires_at.replace(year=2100))
    ProductVariant.objects.filter(pk=two_groups_catalog["shawl"].pk).update(stock=1)  # sold

    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(client, event("checkout.session.completed", session))

    assert response.content == b"refunding: paid after cancellation"
    (refund,) = stripe_server.posts("/v1/refunds")
    assert refund["params"]["amount"] == "920000"
    assert refund["params"]["payment_intent"] == session["payment_intent"]
    order.refresh_from_db()
    assert (order.status, order.payment_status) == (OrderStatus.REFUNDED, PaymentStatus.REFUNDED)
    assert order.payments.get().refunded_amount == Decimal("9200.00")
    assert ProductVariant.objects.get(pk=two_groups_catalog["shawl"].pk).stock == 1
    # Stripe then reports the refund it made: counted once.
    charge = stripe_server.charges[session["payment_intent"]]
    assert deliver(client, event("charge.refunded", charge)).content == b"already recorded"


@pytest.mark.django_db
def test_payment_for_an_order_staff_cancelled_is_refunded_not_revived(
    client, paid_at_stripe, stripe_server, django_capture_on_commit_callbacks
):
    order, session = paid_at_stripe
    order_cancel(order_id=order.pk, reason="buyer phoned to cancel")

    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, event("checkout.session.completed", session))

    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    assert len(stripe_server.posts("/v1/refunds")) == 1


@pytest.mark.django_db
def test_failed_automatic_refund_is_flagged_for_staff(
    client, paid_at_stripe, stripe_server, django_capture_on_commit_callbacks
):
    order, session = paid_at_stripe
    order_cancel(order_id=order.pk, reason="buyer phoned to cancel")
    stripe_server.fail_next = [400]

    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, event("checkout.session.completed", session))

    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PAID and order.status == OrderStatus.CANCELLED
    assert StatusChange.objects.filter(order=order, field="refund", new_value="needed").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_event_delivered_five_times_concurrently_changes_the_order_once(settings, site_tree):
    assert connection.vendor == "postgresql"
    with FakeStripe() as stripe_server:
        stripe_server.configure(settings)
        buyer = Client()
        shawl = make_product(make_group(), "Phulkari shawl", stock=5).variants.get()
        order, session_id = place_card_order(buyer, shawl, 2)
        completed = event("checkout.session.completed", stripe_server.pay(session_id))
        payload = json.dumps(completed)
        start = threading.Barrier(5)
        outcomes = []

        def stripe_delivers():
            try:
                start.wait()
                response = Client().post(
                    WEBHOOK,
                    data=payload,
                    content_type="application/json",
                    HTTP_STRIPE_SIGNATURE=sign(payload, secret=WEBHOOK_SECRET),
                )
                outcomes.append((response.status_code, response.content))
            finally:
                connection.close()

        threads = [threading.Thread(target=stripe_delivers) for _ in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert sorted(outcomes) == [(200, b"duplicate")] * 4 + [(200, b"paid")]
    order = Order.objects.get(pk=order.pk)
    assert (order.status, order.payment_status) == (OrderStatus.PAID, PaymentStatus.PAID)
    assert payment_changes(order) == 1
    assert StripeEvent.objects.filter(event_id=completed["id"]).count() == 1
