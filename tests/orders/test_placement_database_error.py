"""The database failing half-way through placing an order: a 503, no order, the stock as it
was, the cart kept (placement is one transaction)."""

from unittest import mock

import pytest
from django.db import OperationalError

from catalog.models import ProductVariant
from orders.models import Order
from tests.orders.conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


def test_a_database_error_mid_placement_leaves_no_order_and_the_stock_untouched(
    client, two_groups_catalog
):
    shawl = two_groups_catalog["shawl"]
    add_to_cart(client, shawl, 2)
    data = checkout_data(client)
    # Order, sub-orders and stock are written; the database goes away at the last step.
    with mock.patch(
        "orders.checkout.placement.order_placed_notify",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        response = client.post("/checkout/", data)
    assert response.status_code == 503
    assert not Order.objects.exists()
    assert ProductVariant.objects.get(pk=shawl.pk).stock == 5
    assert client.session.get("cart")  # still there to try again
