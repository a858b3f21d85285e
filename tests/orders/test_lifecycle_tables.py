"""Every allowed and every forbidden status change, straight from the transition tables.

A forbidden change raises OrderStateError and writes nothing: the row keeps its status and
no history row is added.
"""

import itertools
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db import transaction

from orders.lifecycle.records import (
    order_status_sync,
    payment_record_set,
    payment_status_set,
    sub_order_status_set,
)
from orders.lifecycle.tables import (
    ORDER_TRANSITIONS,
    PAYMENT_RECORD_TRANSITIONS,
    PAYMENT_STATUS_TRANSITIONS,
    SUB_ORDER_TRANSITIONS,
    OrderStateError,
    order_status_derive,
)
from orders.models import (
    Order,
    OrderStatus,
    Payment,
    PaymentMethod,
    PaymentStatus,
    StatusChange,
    SubOrder,
    SubOrderStatus,
)
from tests.factories import make_group

pytestmark = pytest.mark.django_db


def every_pair(statuses):
    return list(itertools.product(statuses, repeat=2))


@contextmanager
def rolled_back():
    """One pair's attempt, undone afterwards, so every pair starts from the same rows."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def sub_order(site_tree):
    group = make_group()
    order = Order.objects.create(
        number="CM-T1",
        checkout_token="table-test",
        payment_method=PaymentMethod.TRANSFER,
        contact_name="Buyer",
        contact_phone="03001234567",
        items_total=Decimal("100.00"),
        delivery_total=Decimal("0.00"),
        grand_total=Decimal("100.00"),
    )
    return SubOrder.objects.create(
        order=order,
        producer_group=group,
        producer_group_name=group.title,
        items_total=Decimal("100.00"),
        delivery_charge=Decimal("0.00"),
        commission_total=Decimal("10.00"),
    )


def test_every_status_has_a_row_in_its_table():
    assert set(SUB_ORDER_TRANSITIONS) == set(SubOrderStatus.values)
    assert set(PAYMENT_STATUS_TRANSITIONS) == set(PaymentStatus.values)
    assert set(PAYMENT_RECORD_TRANSITIONS) == set(Payment.Status.values)
    assert set(ORDER_TRANSITIONS) == set(OrderStatus.values)


def test_every_sub_order_transition(sub_order):
    for old, new in every_pair(SubOrderStatus.values):
        with rolled_back():
            check_sub_order_transition(sub_order, old, new)


def check_sub_order_transition(sub_order, old, new):
    SubOrder.objects.filter(pk=sub_order.pk).update(status=old)
    sub_order.refresh_from_db()
    history = StatusChange.objects.count()
    if new in SUB_ORDER_TRANSITIONS[old]:
        sub_order_status_set(sub_order, new, note="table test")
        sub_order.refresh_from_db()
        assert sub_order.status == new, (old, new)
        assert StatusChange.objects.count() == history + 1
    else:
        with pytest.raises(OrderStateError, match="Not allowed"):
            sub_order_status_set(sub_order, new, note="table test")
        sub_order.refresh_from_db()
        assert sub_order.status == old, (old, new)
        assert StatusChange.objects.count() == history


def test_every_payment_status_transition(sub_order):
    for old, new in every_pair(PaymentStatus.values):
        with rolled_back():
            check_payment_status_transition(sub_order, old, new)


def check_payment_status_transition(sub_order, old, new):
    order = sub_order.order
    Order.objects.filter(pk=order.pk).update(payment_status=old)
    order.refresh_from_db()
    history = StatusChange.objects.count()
    if new in PAYMENT_STATUS_TRANSITIONS[old]:
        payment_status_set(order, new)
        order.refresh_from_db()
        assert order.payment_status == new, (old, new)
        assert (order.paid_at is not None) == (new == PaymentStatus.PAID)
    else:
        with pytest.raises(OrderStateError):
            payment_status_set(order, new)
        order.refresh_from_db()
        assert order.payment_status == old
        assert StatusChange.objects.count() == history


def test_every_payment_record_transition(sub_order):
    for old, new in every_pair(Payment.Status.values):
        with rolled_back():
            check_payment_record_transition(sub_order, old, new)


def check_payment_record_transition(sub_order, old, new):
    payment = Payment.objects.create(
        order=sub_order.order, method=PaymentMethod.TRANSFER, amount=Decimal("100.00"), status=old
    )
    if new in PAYMENT_RECORD_TRANSITIONS[old]:
        payment_record_set(payment, new)
        payment.refresh_from_db()
        assert payment.status == new
    else:
        with pytest.raises(OrderStateError):
            payment_record_set(payment, new)
        payment.refresh_from_db()
        assert payment.status == old


# For each order status, sub-order and payment statuses that derive it.
DERIVES = {
    OrderStatus.PENDING_PAYMENT: (PaymentStatus.PENDING, SubOrderStatus.NEW),
    OrderStatus.AWAITING_VERIFICATION: (PaymentStatus.AWAITING_VERIFICATION, SubOrderStatus.NEW),
    OrderStatus.CASH_ON_DELIVERY: (PaymentStatus.CASH_ON_DELIVERY, SubOrderStatus.NEW),
    OrderStatus.PART_PAID: (PaymentStatus.PART_PAID, SubOrderStatus.NEW),
    OrderStatus.PAID: (PaymentStatus.PAID, SubOrderStatus.NEW),
    OrderStatus.COMPLETED: (PaymentStatus.PAID, SubOrderStatus.DELIVERED),
    OrderStatus.CANCELLED: (PaymentStatus.PENDING, SubOrderStatus.CANCELLED),
    OrderStatus.REFUNDED: (PaymentStatus.REFUNDED, SubOrderStatus.CANCELLED),
}


def test_the_derivation_table_is_what_derive_computes():
    for status, (payment_status, sub_order_status) in DERIVES.items():
        derived = order_status_derive(
            payment_status=payment_status, sub_order_statuses=[sub_order_status]
        )
        assert derived == status


def test_order_status_follows_only_allowed_derivations(sub_order):
    for old, new in every_pair(OrderStatus.values):
        with rolled_back():
            check_order_transition(sub_order, old, new)


def check_order_transition(sub_order, old, new):
    order = sub_order.order
    payment_status, sub_order_status = DERIVES[new]
    Order.objects.filter(pk=order.pk).update(status=old, payment_status=payment_status)
    SubOrder.objects.filter(pk=sub_order.pk).update(status=sub_order_status)
    order.refresh_from_db()
    if old == new:
        assert order_status_sync(order) is None
    elif new in ORDER_TRANSITIONS[old]:
        assert order_status_sync(order) == new
        order.refresh_from_db()
        assert order.status == new
    else:
        with pytest.raises(OrderStateError):
            order_status_sync(order)
        order.refresh_from_db()
        assert order.status == old, (old, new)
