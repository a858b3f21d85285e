"""The order page after checkout says the order is placed and what happens next, for each way
of paying, and offers its private link to keep."""

import re

import pytest

from orders.models import Order
from tests.orders.conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


def place_order(client, catalog, payment_method: str, *variants) -> tuple[Order, str]:
    for variant in variants or (catalog["shawl"],):
        add_to_cart(client, variant)
    response = client.post(
        "/checkout/", checkout_data(client, payment_method=payment_method), follow=True
    )
    return Order.objects.get(), " ".join(response.content.decode().split())


def test_cash_on_delivery_order_says_placed_and_to_pay_the_courier(client, two_groups_catalog):
    order, html = place_order(client, two_groups_catalog, "cod")

    assert f"Thank you: your order {order.number} is placed." in html
    assert "What happens next" in html
    assert "Pay the courier Rs 4,700 in cash when it arrives." in html
    assert "Cash on delivery — Cash on delivery" not in html
    # The SMS that went out with the link (orders.notifications: order_placed), and where to.
    assert "We sent a text message with this page's link to" in html
    assert '<bdi dir="ltr">0300 1234567</bdi>' in html


def test_cash_on_delivery_from_two_groups_says_what_each_courier_collects(
    client, two_groups_catalog
):
    catalog = two_groups_catalog
    _order, html = place_order(client, catalog, "cod", catalog["shawl"], catalog["quilt"])

    assert "pay each courier the amount shown for its parcel below" in html
    assert "Pay on delivery: Rs 4,700" in html and "Pay on delivery: Rs 10,299.99" in html


def test_transfer_order_says_where_to_send_the_money_with_the_reference(client, two_groups_catalog):
    order, html = place_order(client, two_groups_catalog, "transfer")

    assert (
        f"Send Rs 4,700 to one of the accounts below, with {order.number} as the message." in html
    )
    assert "Enter the transaction reference from your receipt below." in html
    assert "Pay the courier" not in html


def test_order_page_offers_its_private_link_without_javascript(client, two_groups_catalog):
    order, html = place_order(client, two_groups_catalog, "cod")

    link = re.search(r'<a href="([^"]+)" data-share-link', html).group(1)
    assert link == "http://testserver" + order.get_absolute_url()
    assert 'data-copy-label="Copy link"' in html and "js/share_link.js" in html
