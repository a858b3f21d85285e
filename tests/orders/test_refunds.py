"""Refunds of card orders from the admin, through Stripe, recorded on the order once."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied

from orders.lifecycle.orders import order_cancel
from orders.models import Order, OrderStatus, PaymentStatus, StatusChange
from orders.payments.refunds import RefundError, order_refund
from tests.factories import UserFactory
from tests.fakes.stripe_server import deliver, event
from tests.orders.conftest import add_to_cart, checkout_data
from tests.orders.test_stripe_checkout import place_card_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance_staff():
    user = UserFactory(username="finance")
    user.user_permissions.add(Permission.objects.get(codename="manage_all_orders"))
    return user


@pytest.fixture
def paid_order(client, stripe_server, two_groups_catalog) -> Order:
    """A card order for Rs 9,200 (2 shawls and delivery), paid and confirmed by webhook."""
    order, session_id = place_card_order(client, two_groups_catalog["shawl"], 2)
    deliver(client, event("checkout.session.completed", stripe_server.pay(session_id)))
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    return order


def test_full_refund_goes_through_stripe_and_marks_the_order_refunded(
    paid_order, stripe_server, finance_staff
):
    order = order_refund(order_id=paid_order.pk, by=finance_staff)

    (request,) = stripe_server.posts("/v1/refunds")
    payment = order.payments.get()
    assert request["params"]["amount"] == "920000"
    assert request["params"]["payment_intent"] == payment.stripe_payment_intent
    assert request["idempotency_key"] == f"refund-{order.number}-{payment.pk}-0-920000"
    assert (order.status, order.payment_status) == (OrderStatus.REFUNDED, PaymentStatus.REFUNDED)
    assert payment.refunded_amount == Decimal("9200.00")
    change = StatusChange.objects.get(order=order, field="refunded_amount")
    assert (change.old_value, change.new_value, change.changed_by) == (
        "0.00",
        "9200.00",
        finance_staff,
    )


def test_refunding_twice_refunds_once(paid_order, stripe_server, finance_staff):
    order_refund(order_id=paid_order.pk, by=finance_staff)
    order = order_refund(order_id=paid_order.pk, by=finance_staff)
    assert len(stripe_server.posts("/v1/refunds")) == 1
    assert order.status == OrderStatus.REFUNDED
    assert StatusChange.objects.filter(order=order, field="refunded_amount").count() == 1


def test_partial_refunds_add_up_and_the_last_one_refunds_the_order(
    paid_order, stripe_server, finance_staff
):
    order = order_refund(order_id=paid_order.pk, by=finance_staff, amount=Decimal("200.00"))
    assert order.status == OrderStatus.PAID
    assert order.payments.get().refunded_amount == Decimal("200.00")

    with pytest.raises(RefundError):
        order_refund(order_id=paid_order.pk, by=finance_staff, amount=Decimal("9000.01"))

    order = order_refund(order_id=paid_order.pk, by=finance_staff, amount=Decimal("9000"))
    assert order.status == OrderStatus.REFUNDED
    amounts = [request["params"]["amount"] for request in stripe_server.posts("/v1/refunds")]
    assert amounts == ["20000", "900000"]


def test_refund_and_its_charge_refunded_webhook_are_counted_once(
    client, paid_order, stripe_server, finance_staff
):
    order_refund(order_id=paid_order.pk, by=finance_staff, amount=Decimal("1000.00"))
    payment = paid_order.payments.get()
    charge = stripe_server.charges[payment.stripe_payment_intent]

    response = deliver(client, event("charge.refunded", charge))

    assert response.content == b"already recorded"
    payment.refresh_from_db()
    assert payment.refunded_amount == Decimal("1000.00")


def test_refund_needs_the_manage_all_orders_permission(paid_order, stripe_server):
    with pytest.raises(PermissionDenied):
        order_refund(order_id=paid_order.pk, by=UserFactory())
    assert not stripe_server.posts("/v1/refunds")


def test_cash_on_delivery_order_cannot_be_refunded_through_stripe(
    client, stripe_server, two_groups_catalog, finance_staff
):
    add_to_cart(client, two_groups_catalog["shawl"])
    client.post("/checkout/", checkout_data(client))
    with pytest.raises(RefundError):
        order_refund(order_id=Order.objects.get().pk, by=finance_staff)


def test_unpaid_card_order_cannot_be_refunded(
    client, stripe_server, two_groups_catalog, finance_staff
):
    order, _session_id = place_card_order(client, two_groups_catalog["shawl"])
    with pytest.raises(RefundError):
        order_refund(order_id=order.pk, by=finance_staff)
    assert not stripe_server.posts("/v1/refunds")


@pytest.mark.parametrize("amount", ["0", "-5", "9200.01"])
def test_refund_amount_must_be_within_what_was_paid(
    paid_order, stripe_server, finance_staff, amount
):
    with pytest.raises(RefundError):
        order_refund(order_id=paid_order.pk, by=finance_staff, amount=Decimal(amount))
    assert not stripe_server.posts("/v1/refunds")


def test_stripe_refusing_the_refund_records_nothing(paid_order, stripe_server, finance_staff):
    stripe_server.fail_next = [400]

    with pytest.raises(RefundError, match="Stripe did not make the refund"):
        order_refund(order_id=paid_order.pk, by=finance_staff)

    order = Order.objects.get(pk=paid_order.pk)
    assert order.status == OrderStatus.PAID
    assert order.payments.get().refunded_amount == Decimal("0.00")


def test_cancelled_paid_order_is_refunded_in_full(paid_order, stripe_server, finance_staff):
    order_cancel(order_id=paid_order.pk, by=finance_staff, reason="out of stock at the group")

    order = order_refund(order_id=paid_order.pk, by=finance_staff)

    assert (order.status, order.payment_status) == (OrderStatus.REFUNDED, PaymentStatus.REFUNDED)
