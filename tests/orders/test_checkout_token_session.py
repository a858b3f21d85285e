"""A checkout token works only in the session it was issued to: submitted from another
session it neither places an order nor leads to the order the first buyer placed with it
(whose page shows their name, phone and address)."""

import pytest
from django.test import Client

from orders.models import Order
from tests.orders.conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


def test_a_token_from_another_session_does_not_lead_to_that_buyers_order(
    client, two_groups_catalog
):
    add_to_cart(client, two_groups_catalog["shawl"], 1)
    first_buyer = checkout_data(client)
    placed = client.post("/checkout/", first_buyer)
    order = Order.objects.get()
    assert placed["Location"] == order.get_absolute_url()

    other = Client()
    add_to_cart(other, two_groups_catalog["quilt"], 1)
    replay = checkout_data(other, checkout_token=first_buyer["checkout_token"])
    response = other.post("/checkout/", replay)

    assert order.access_token not in response.get("Location", "")
    assert order.access_token not in response.content.decode()
    assert response.status_code == 200
    assert "This form has expired" in response.content.decode()
    assert Order.objects.count() == 1
    # The page offers a fresh token of the other session's own, which places its order.
    fresh = response.context["form"]["checkout_token"].value()
    assert fresh != first_buyer["checkout_token"]
    again = other.post("/checkout/", replay | {"checkout_token": fresh})
    assert Order.objects.count() == 2
    assert again["Location"] == Order.objects.latest("pk").get_absolute_url()


def test_a_token_never_issued_to_the_session_is_refused(client, two_groups_catalog):
    add_to_cart(client, two_groups_catalog["shawl"], 1)
    data = checkout_data(client, checkout_token="0123456789abcdef0123456789abcdef")
    response = client.post("/checkout/", data)
    assert response.status_code == 200 and not Order.objects.exists()
