"""Card checkout through Stripe Checkout: the real `stripe` library against a fake Stripe."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from orders.models import Order, OrderStatus, Payment, PaymentStatus, StatusChange
from tests.fakes.stripe_server import deliver, event
from tests.orders.conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


def place_card_order(client, variant, quantity: int = 1) -> tuple[Order, str]:
    """Cart → checkout paying by card; returns the order and the Stripe session's id."""
    add_to_cart(client, variant, quantity)
    response = client.post("/checkout/", checkout_data(client, payment_method="card"))
    order = Order.objects.latest("pk")
    payment = order.payments.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/pay/{payment.stripe_session_id}")
    return order, payment.stripe_session_id


def test_card_option_is_hidden_when_stripe_is_not_configured(client, settings, two_groups_catalog):
    settings.STRIPE_SECRET_KEY = ""
    add_to_cart(client, two_groups_catalog["shawl"])
    form = client.get("/checkout/").context["form"]
    assert "card" not in dict(form.fields["payment_method"].choices)

    response = client.post("/checkout/", checkout_data(client, payment_method="card"))

    assert response.status_code == 200 and "payment_method" in response.context["form"].errors
    assert not Order.objects.exists()
    # The rest still works without Stripe.
    response = client.post("/checkout/", checkout_data(client, payment_method="cod"))
    assert Order.objects.get().status == OrderStatus.CASH_ON_DELIVERY


def test_card_option_is_offered_when_stripe_is_configured(
    client, stripe_server, two_groups_catalog
):
    add_to_cart(client, two_groups_catalog["shawl"])
    form = client.get("/checkout/").context["form"]
    assert "card" in dict(form.fields["payment_method"].choices)


def test_card_checkout_opens_a_pkr_session_keyed_on_the_order(
    client, stripe_server, two_groups_catalog
):
    add_to_cart(client, two_groups_catalog["quilt"])  # 9,999.99 + 300.00 delivery
    order, session_id = place_card_order(client, two_groups_catalog["shawl"], 2)

    (request,) = stripe_server.posts("/v1/checkout/sessions")
    params = request["params"]
    assert request["idempotency_key"] == f"checkout-session-{order.number}-1"
    assert order.grand_total == Decimal("19499.99")
    assert params["line_items"][0]["price_data"]["currency"] == "pkr"
    assert params["line_items"][0]["price_data"]["unit_amount"] == "1949999"
    assert stripe_server.sessions[session_id]["amount_total"] == 1949999
    assert params["metadata"]["order_number"] == order.number
    assert int(params["expires_at"]) == int(order.reservation_expires_at.timestamp())
    assert params["success_url"].endswith(
        f"/payments/stripe/return/{order.number}/{order.access_token}/"
    )
    assert params["cancel_url"].endswith(
        f"/payments/stripe/cancel/{order.number}/{order.access_token}/"
    )
    payment = order.payments.get()
    assert (payment.method, payment.status, payment.amount) == (
        "card",
        Payment.Status.PENDING,
        order.grand_total,
    )
    assert order.status == OrderStatus.PENDING_PAYMENT


def test_double_submitted_card_checkout_gets_the_same_session(
    client, stripe_server, two_groups_catalog
):
    add_to_cart(client, two_groups_catalog["shawl"])
    data = checkout_data(client, payment_method="card")
    first = client.post("/checkout/", data)
    add_to_cart(client, two_groups_catalog["shawl"])  # the cart is not what makes it safe
    second = client.post("/checkout/", data)

    assert first["Location"] == second["Location"]
    assert len(stripe_server.sessions) == 1
    assert Payment.objects.count() == 1
    keys = {request["idempotency_key"] for request in stripe_server.posts("/v1/checkout/sessions")}
    assert keys == {f"checkout-session-{Order.objects.get().number}-1"}


def test_return_page_says_payment_is_being_confirmed_and_never_marks_paid(
    client, stripe_server, two_groups_catalog
):
    order, session_id = place_card_order(client, two_groups_catalog["shawl"])
    stripe_server.pay(session_id)  # paid at Stripe, but no webhook has arrived yet

    response = client.get(
        f"/payments/stripe/return/{order.number}/{order.access_token}/?session_id={session_id}"
    )

    assert response.status_code == 200
    assert "We are confirming your payment" in response.content.decode()
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PENDING
    assert order.status == OrderStatus.PENDING_PAYMENT


def test_return_page_needs_the_order_token(client, stripe_server, two_groups_catalog):
    order, _session_id = place_card_order(client, two_groups_catalog["shawl"])
    assert client.get(f"/payments/stripe/return/{order.number}/wrong/").status_code == 404


def test_card_order_is_paid_by_the_webhook_and_a_dashboard_refund_is_recorded(
    client, stripe_server, two_groups_catalog
):
    # Given a buyer who checks out by card and pays on Stripe's page
    order, session_id = place_card_order(client, two_groups_catalog["shawl"], 2)
    paid_session = stripe_server.pay(session_id)
    return_page = f"/payments/stripe/return/{order.number}/{order.access_token}/"
    assert "We are confirming your payment" in client.get(return_page).content.decode()

    # When Stripe's signed checkout.session.completed arrives
    response = deliver(client, event("checkout.session.completed", paid_session))

    # Then the order is paid, once, with the history to show it
    assert response.status_code == 200 and response.content == b"paid"
    order.refresh_from_db()
    assert (order.status, order.payment_status) == (OrderStatus.PAID, PaymentStatus.PAID)
    assert order.reservation_expires_at is None
    payment = order.payments.get()
    assert payment.status == Payment.Status.SUCCEEDED
    assert payment.stripe_payment_intent == paid_session["payment_intent"]
    assert StatusChange.objects.filter(order=order, new_value=PaymentStatus.PAID).count() == 2
    assert "Your card payment is confirmed" in client.get(return_page).content.decode()

    # And a partial, then a full refund made in Stripe's dashboard are recorded
    charge = stripe_server.refund_in_dashboard(payment.stripe_payment_intent, 50000)
    assert deliver(client, event("charge.refunded", charge)).content == b"refund recorded"
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.refunded_amount == Decimal("500.00")
    assert order.status == OrderStatus.PAID

    charge = stripe_server.refund_in_dashboard(payment.stripe_payment_intent, 870000)
    deliver(client, event("charge.refunded", charge))
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.refunded_amount == order.grand_total == Decimal("9200.00")
    assert payment.status == Payment.Status.REFUNDED
    assert (order.status, order.payment_status) == (OrderStatus.REFUNDED, PaymentStatus.REFUNDED)


def test_try_again_closes_the_open_session_and_starts_a_new_one(
    client, stripe_server, two_groups_catalog
):
    order, first_session = place_card_order(client, two_groups_catalog["shawl"])
    cancel_page = f"/payments/stripe/cancel/{order.number}/{order.access_token}/"
    page = client.get(cancel_page).content.decode()
    assert 'data-testid="retry-card-payment"' in page

    response = client.post(cancel_page)

    second = order.payments.order_by("pk").last()
    assert second.stripe_session_id != first_session
    assert response["Location"].endswith(f"/pay/{second.stripe_session_id}")
    assert stripe_server.sessions[first_session]["status"] == "expired"
    assert order.payments.get(stripe_session_id=first_session).status == Payment.Status.FAILED
    keys = [request["idempotency_key"] for request in stripe_server.posts("/v1/checkout/sessions")]
    assert keys == [f"checkout-session-{order.number}-1", f"checkout-session-{order.number}-2"]
    # The late expiry event of the replaced session changes nothing.
    closed = stripe_server.sessions[first_session]
    assert deliver(client, event("checkout.session.expired", closed)).content == (
        b"already recorded"
    )


def test_try_again_after_paying_meanwhile_opens_no_second_session(
    client, stripe_server, two_groups_catalog
):
    order, session_id = place_card_order(client, two_groups_catalog["shawl"])
    stripe_server.pay(session_id)  # in another tab

    response = client.post(f"/payments/stripe/cancel/{order.number}/{order.access_token}/")

    assert response["Location"] == f"/payments/stripe/return/{order.number}/{order.access_token}/"
    assert len(stripe_server.sessions) == 1


def test_retry_close_to_the_deadline_extends_the_reservation_for_stripe(
    client, stripe_server, two_groups_catalog
):
    order, _session_id = place_card_order(client, two_groups_catalog["shawl"])
    Order.objects.filter(pk=order.pk).update(
        reservation_expires_at=timezone.now() + timedelta(minutes=10)
    )

    client.post(f"/payments/stripe/cancel/{order.number}/{order.access_token}/")

    order.refresh_from_db()
    assert order.reservation_expires_at > timezone.now() + timedelta(minutes=30)
    last = stripe_server.posts("/v1/checkout/sessions")[-1]
    assert int(last["params"]["expires_at"]) == int(order.reservation_expires_at.timestamp())


def test_stripe_outage_at_checkout_keeps_the_order_and_offers_a_retry(
    client, stripe_server, two_groups_catalog
):
    stripe_server.fail_next = [400]
    add_to_cart(client, two_groups_catalog["shawl"])

    response = client.post("/checkout/", checkout_data(client, payment_method="card"), follow=True)

    order = Order.objects.get()
    assert response.redirect_chain[-1][0].startswith("/payments/stripe/cancel/")
    assert "Card payment is not available right now" in response.content.decode()
    assert 'data-testid="retry-card-payment"' in response.content.decode()
    assert order.status == OrderStatus.PENDING_PAYMENT

    client.post(f"/payments/stripe/cancel/{order.number}/{order.access_token}/")
    assert len(stripe_server.sessions) == 1
    assert order.payments.exclude(stripe_session_id="").count() == 1


def test_a_cancelled_order_cannot_start_a_card_payment(client, stripe_server, two_groups_catalog):
    from orders.lifecycle.orders import order_cancel

    order, _session_id = place_card_order(client, two_groups_catalog["shawl"])
    order_cancel(order_id=order.pk, reason="buyer asked")
    cancel_page = f"/payments/stripe/cancel/{order.number}/{order.access_token}/"
    assert 'data-testid="retry-card-payment"' not in client.get(cancel_page).content.decode()

    response = client.post(cancel_page, follow=True)

    assert "cannot be paid by card any more" in response.content.decode()
    assert len(stripe_server.sessions) == 1


def test_resubmitting_the_checkout_of_a_paid_order_shows_it_paid(
    client, stripe_server, two_groups_catalog
):
    add_to_cart(client, two_groups_catalog["shawl"])
    data = checkout_data(client, payment_method="card")
    client.post("/checkout/", data)
    order = Order.objects.get()
    session = stripe_server.pay(order.payments.get().stripe_session_id)
    deliver(client, event("checkout.session.completed", session))
    add_to_cart(client, two_groups_catalog["shawl"])

    response = client.post("/checkout/", data)

    assert response["Location"] == f"/payments/stripe/return/{order.number}/{order.access_token}/"
    assert len(stripe_server.sessions) == 1
