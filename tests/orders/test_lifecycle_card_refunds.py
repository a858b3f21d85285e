"""A paid card order loses one part: that part (and only it) goes back through Stripe."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db.models import Sum

from orders.lifecycle.sub_orders import sub_order_cancel
from orders.models import LedgerEntry, Order, OrderStatus, Refund, RefundChannel, RefundStatus
from orders.payments.pending_refunds import card_refunds_requeue, card_refunds_waiting
from orders.payments.refunds import refund_send
from orders.tasks import send_card_refund
from tests.factories import UserFactory
from tests.fakes.stripe_server import deliver, event
from tests.orders.conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_two_group_order(client, stripe_server, two_groups_catalog) -> Order:
    add_to_cart(client, two_groups_catalog["shawl"], 1)
    add_to_cart(client, two_groups_catalog["quilt"], 1)
    client.post("/checkout/", checkout_data(client, payment_method="card"))
    order = Order.objects.latest("pk")
    session_id = order.payments.get().stripe_session_id
    deliver(client, event("checkout.session.completed", stripe_server.pay(session_id)))
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    return order


@pytest.fixture
def finance():
    user = UserFactory(username="finance")
    user.user_permissions.add(Permission.objects.get(codename="manage_all_orders"))
    return user


def test_cancelling_one_part_refunds_exactly_that_part_through_stripe_once(
    client, paid_two_group_order, stripe_server, finance, django_capture_on_commit_callbacks
):
    order = paid_two_group_order
    thar = order.sub_orders.get(producer_group_name="Thar Ralli Cooperative")
    lahore = order.sub_orders.get(producer_group_name="Lahore Embroiderers Union")

    with django_capture_on_commit_callbacks(execute=True):
        sub_order_cancel(by=finance, sub_order_id=thar.pk, reason="Quilt damaged in the dye")

    (request,) = stripe_server.posts("/v1/refunds")
    refund = Refund.objects.get(sub_order=thar)
    assert request["params"]["amount"] == str(int(thar.total * 100))
    assert request["idempotency_key"] == f"refund-{refund.pk}"
    assert (refund.channel, refund.status) == (RefundChannel.CARD, RefundStatus.SENT)
    payment = order.payments.get()
    assert payment.refunded_amount == thar.total
    order.refresh_from_db()
    assert (order.status, order.refund_due) == (OrderStatus.PAID, Decimal("0.00"))
    # The ledger: Thar's part is back to zero, Lahore keeps every paisa of its part.
    for sub_order, expected in ((thar, 0), (lahore, lahore.group_earnings)):
        net = LedgerEntry.objects.filter(sub_order=sub_order).aggregate(t=Sum("amount"))["t"]
        assert (net or 0) == expected

    # Stripe tells us about the refund too (charge.refunded): counted once.
    charge = stripe_server.charges[payment.stripe_payment_intent]
    assert deliver(client, event("charge.refunded", charge)).content == b"already recorded"
    refund_send(refund_id=refund.pk)  # a redelivered task changes nothing
    send_card_refund.apply(args=[refund.pk])
    assert len(stripe_server.posts("/v1/refunds")) == 1
    payment.refresh_from_db()
    assert payment.refunded_amount == thar.total
    for sub_order, expected in ((thar, 0), (lahore, lahore.group_earnings)):
        net = LedgerEntry.objects.filter(sub_order=sub_order).aggregate(t=Sum("amount"))["t"]
        assert (net or 0) == expected


def test_a_card_refund_stays_owed_while_stripe_is_down_and_goes_out_later(
    paid_two_group_order, stripe_server, finance, django_capture_on_commit_callbacks, settings
):
    order = paid_two_group_order
    thar = order.sub_orders.get(producer_group_name="Thar Ralli Cooperative")
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        sub_order_cancel(by=finance, sub_order_id=thar.pk, reason="Out of stock")
    refund = Refund.objects.get(sub_order=thar)
    assert refund.status == RefundStatus.OWED
    order.refresh_from_db()
    assert order.refund_due == thar.total

    # Stripe is back: the pending-work sweep sends what is overdue (the task runs eagerly here).
    stripe_server.configure(settings)
    settings.PAYOUT_REQUEUE_AFTER_SECONDS = 0
    assert card_refunds_waiting().count == 1
    assert card_refunds_requeue() == 1
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SENT
    order.refresh_from_db()
    assert order.refund_due == 0
    assert card_refunds_waiting().count == 0
    assert send_card_refund.apply(args=[refund.pk]).get() == RefundStatus.SENT  # once only
    assert len(stripe_server.posts("/v1/refunds")) == 1
