"""The order desk's buttons for ending one part of an order, as staff use them."""

import pytest
from django.contrib.auth.models import Permission

from orders.lifecycle.payments import transfer_reference_submit, transfer_verify
from orders.lifecycle.sub_orders import sub_order_advance
from orders.models import Order, Refund, RefundStatus, SubOrderStatus
from tests.factories import UserFactory, make_staff
from tests.orders.conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance():
    user = UserFactory(username="finance", is_staff=True)
    for codename in ("verify_transfers", "manage_all_orders", "access_admin"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def paid_order(client, catalog, finance) -> Order:
    add_to_cart(client, catalog["shawl"], 1)
    add_to_cart(client, catalog["quilt"], 1)
    client.post("/checkout/", checkout_data(client, payment_method="transfer"))
    order = Order.objects.latest("pk")
    payment = transfer_reference_submit(order_id=order.pk, provider="bank", reference="IB-1")
    transfer_verify(payment_id=payment.pk, by=finance, approve=True)
    return order


def test_group_staff_decline_from_the_desk_and_the_buyer_sees_why(
    client, two_groups_catalog, finance
):
    catalog = two_groups_catalog
    order = paid_order(client, catalog, finance)
    lahore = order.sub_orders.get(producer_group=catalog["lahore"])
    staff_client = client.__class__()
    staff_client.force_login(make_staff(catalog["lahore"]))

    page = staff_client.get(f"/admin/orders/sub-orders/{lahore.pk}/").content.decode()
    assert "Decline this order" in page
    url = f"/admin/orders/sub-orders/{lahore.pk}/decline/"
    staff_client.post(url, {"reason": ""})
    lahore.refresh_from_db()
    assert lahore.status == SubOrderStatus.NEW  # no reason: nothing changed
    response = staff_client.post(url, {"reason": "Our embroiderer is ill this month"}, follow=True)
    assert "is declined" in response.content.decode()
    lahore.refresh_from_db()
    assert lahore.status == SubOrderStatus.CANCELLED

    buyer_page = client.get(order.get_absolute_url()).content.decode()
    assert "Our embroiderer is ill this month" in buyer_page
    assert "we owe you this" in buyer_page

    # The other group's staff cannot reach this sub-order at all.
    other = client.__class__()
    other.force_login(make_staff(catalog["thar"]))
    assert other.post(url, {"reason": "x"}).status_code == 404


def test_finance_marks_an_owed_transfer_refund_sent_from_the_order_page(
    client, two_groups_catalog, finance
):
    order = paid_order(client, two_groups_catalog, finance)
    thar = order.sub_orders.get(producer_group=two_groups_catalog["thar"])
    client.force_login(finance)
    client.post(f"/admin/orders/sub-orders/{thar.pk}/cancel/", {"reason": "Flooded road"})
    refund = Refund.objects.get(sub_order=thar)
    page = client.get(f"/admin/orders/{order.pk}/").content.decode()
    assert "Flooded road" in page and "Mark sent" in page

    client.post(f"/admin/orders/refunds/{refund.pk}/sent/", {"reference": ""})
    refund.refresh_from_db()
    assert refund.status == RefundStatus.OWED
    client.post(f"/admin/orders/refunds/{refund.pk}/sent/", {"reference": "IBFT-99"})
    refund.refresh_from_db()
    assert (refund.status, refund.reference, refund.sent_by) == (
        RefundStatus.SENT,
        "IBFT-99",
        finance,
    )


def test_a_buyer_cancels_an_unpaid_order_from_its_page_until_a_group_starts(
    client, two_groups_catalog
):
    add_to_cart(client, two_groups_catalog["shawl"], 1)
    client.post("/checkout/", checkout_data(client))  # cash on delivery
    order = Order.objects.latest("pk")
    page = client.get(order.get_absolute_url()).content.decode()
    assert "Cancel this order" in page

    cancel_url = order.get_absolute_url() + "cancel/"
    assert client.get(cancel_url).status_code == 405  # a link cannot cancel; only the form
    response = client.post(cancel_url, follow=True)
    assert "Your order is cancelled" in response.content.decode()
    order.refresh_from_db()
    assert (order.status, order.cancellation_kind) == ("cancelled", "buyer")
    assert "Cancel this order" not in client.get(order.get_absolute_url()).content.decode()


def test_a_buyer_cannot_cancel_once_the_group_has_packed(client, two_groups_catalog):
    catalog = two_groups_catalog
    add_to_cart(client, catalog["shawl"], 1)
    client.post("/checkout/", checkout_data(client))
    order = Order.objects.latest("pk")
    staff = make_staff(catalog["lahore"])
    sub_order = order.sub_orders.get()
    sub_order_advance(user=staff, sub_order_id=sub_order.pk, to_status="packed")
    assert "Cancel this order" not in client.get(order.get_absolute_url()).content.decode()
    response = client.post(order.get_absolute_url() + "cancel/", follow=True)
    assert "can no longer be cancelled" in response.content.decode()
    order.refresh_from_db()
    assert order.status == "cash_on_delivery"
