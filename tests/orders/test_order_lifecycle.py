"""Transfers verified by staff, sub-orders shipped by their group, expiry and cancellation."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from catalog.models import ProductVariant
from orders.lifecycle.orders import order_cancel, orders_expire_unpaid
from orders.lifecycle.payments import transfer_verify
from orders.lifecycle.sub_orders import sub_order_advance
from orders.lifecycle.tables import OrderStateError
from orders.models import Order, OrderStatus, Payment, PaymentStatus, SubOrderStatus
from tests.factories import UserFactory, make_staff
from tests.orders.conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


def place(client, catalog, **changes) -> Order:
    add_to_cart(client, catalog["shawl"], 1)
    add_to_cart(client, catalog["quilt"], 1)
    client.post("/checkout/", checkout_data(client, **changes))
    return Order.objects.latest("pk")


def finance_user():
    user = UserFactory(username="finance")
    user.user_permissions.add(
        Permission.objects.get(codename="verify_transfers"),
        Permission.objects.get(codename="manage_all_orders"),
    )
    return user


def test_transfer_reference_then_staff_verification(client, two_groups_catalog):
    order = place(client, two_groups_catalog, payment_method="transfer")
    assert order.status == OrderStatus.PENDING_PAYMENT
    page = client.get(order.get_absolute_url()).content.decode()
    assert "JazzCash" in page and order.number in page

    client.post(order.get_absolute_url(), {"provider": "jazzcash", "reference": "TX-99812"})
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_VERIFICATION
    assert order.reservation_expires_at is None  # held until staff decide

    payment = Payment.objects.get(order=order)
    with pytest.raises(PermissionError):
        transfer_verify(payment_id=payment.pk, by=UserFactory(), approve=True)
    finance = finance_user()
    transfer_verify(payment_id=payment.pk, by=finance, approve=True)
    transfer_verify(payment_id=payment.pk, by=finance, approve=False)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID  # the second decision changed nothing


def test_group_staff_ship_only_paid_orders_of_their_own_group(client, two_groups_catalog):
    catalog = two_groups_catalog
    order = place(client, catalog, payment_method="transfer")
    lahore_staff = make_staff(catalog["lahore"])
    lahore_part = order.sub_orders.get(producer_group=catalog["lahore"])
    thar_part = order.sub_orders.get(producer_group=catalog["thar"])

    with pytest.raises(OrderStateError):
        sub_order_advance(user=lahore_staff, sub_order_id=lahore_part.pk, to_status="packed")

    Order.objects.filter(pk=order.pk).update(
        payment_status=PaymentStatus.PAID, status=OrderStatus.PAID
    )
    with pytest.raises(lahore_part.DoesNotExist):
        sub_order_advance(user=lahore_staff, sub_order_id=thar_part.pk, to_status="packed")
    sub_order_advance(user=lahore_staff, sub_order_id=lahore_part.pk, to_status="packed")
    with pytest.raises(OrderStateError):
        sub_order_advance(user=lahore_staff, sub_order_id=lahore_part.pk, to_status="shipped")
    sub_order_advance(
        user=lahore_staff,
        sub_order_id=lahore_part.pk,
        to_status="shipped",
        courier="TCS",
        tracking_number="TCS123456",
    )
    sub_order_advance(user=lahore_staff, sub_order_id=lahore_part.pk, to_status="delivered")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID  # the Thar parcel is still on its way

    thar_staff = make_staff(catalog["thar"])
    for status, extra in (
        ("packed", {}),
        ("shipped", {"courier": "Leopards", "tracking_number": "LP-1"}),
        ("delivered", {}),
    ):
        sub_order_advance(user=thar_staff, sub_order_id=thar_part.pk, to_status=status, **extra)
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED
    assert order.history.filter(field="sub_order_status").count() == 6


def test_unpaid_orders_expire_and_release_their_stock_once(client, two_groups_catalog):
    catalog = two_groups_catalog
    order = place(client, catalog, payment_method="transfer")
    cod = place(client, catalog, payment_method="cod")
    assert ProductVariant.objects.get(pk=catalog["quilt"].pk).stock == 1

    assert orders_expire_unpaid(now=timezone.now()) == []
    later = timezone.now() + timedelta(days=3)
    assert orders_expire_unpaid(now=later) == [order.pk]
    assert orders_expire_unpaid(now=later) == []

    order.refresh_from_db()
    cod.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert cod.status == OrderStatus.CASH_ON_DELIVERY  # cash on delivery does not expire
    assert ProductVariant.objects.get(pk=catalog["quilt"].pk).stock == 2
    order_cancel(order_id=order.pk)  # cancelling again puts nothing back twice
    assert ProductVariant.objects.get(pk=catalog["quilt"].pk).stock == 2


def test_shipped_orders_cannot_be_cancelled(client, two_groups_catalog):
    catalog = two_groups_catalog
    order = place(client, catalog, payment_method="cod")
    staff = make_staff(catalog["lahore"])
    part = order.sub_orders.get(producer_group=catalog["lahore"])
    sub_order_advance(user=staff, sub_order_id=part.pk, to_status=SubOrderStatus.PACKED)
    sub_order_advance(
        user=staff,
        sub_order_id=part.pk,
        to_status=SubOrderStatus.SHIPPED,
        courier="TCS",
        tracking_number="1",
    )
    with pytest.raises(OrderStateError):
        order_cancel(order_id=order.pk)
    order.refresh_from_db()
    assert order.status == OrderStatus.CASH_ON_DELIVERY


def test_guest_link_needs_the_token(client, two_groups_catalog):
    order = place(client, two_groups_catalog)
    assert client.get(f"/orders/{order.number}/wrong-token/").status_code == 404
    assert client.get(order.get_absolute_url()).status_code == 200
    receipt = client.get(f"{order.get_absolute_url()}receipt/").content.decode()
    assert "Phulkari shawl" in receipt and order.number in receipt


def test_rejected_transfer_holds_the_stock_only_for_a_while_again(client, two_groups_catalog):
    order = place(client, two_groups_catalog, payment_method="transfer")
    client.post(order.get_absolute_url(), {"provider": "easypaisa", "reference": "EP-0001"})
    payment = Payment.objects.get(order=order)
    transfer_verify(payment_id=payment.pk, by=finance_user(), approve=False, note="not received")
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert order.reservation_expires_at is not None
    assert orders_expire_unpaid(now=timezone.now() + timedelta(days=3)) == [order.pk]


def test_expiry_never_cancels_an_order_paid_after_the_job_looked(client, two_groups_catalog):
    from orders.lifecycle.orders import order_expire

    order = place(client, two_groups_catalog, payment_method="transfer")
    later = timezone.now() + timedelta(days=3)
    # The job found the order unpaid; the payment was confirmed before it got to it.
    Order.objects.filter(pk=order.pk).update(
        payment_status=PaymentStatus.PAID, status=OrderStatus.PAID
    )
    assert order_expire(order_id=order.pk, now=later) is False
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
