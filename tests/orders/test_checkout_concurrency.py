"""On PostgreSQL, 200 buyers racing for the last 10 units produce exactly 10 orders, and one
checkout submitted many times at once makes one order."""

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from catalog.models import ProductVariant
from orders.checkout.cart import Cart
from orders.checkout.placement import BuyerDetails, CheckoutError, order_place
from orders.models import Order, OrderLine
from tests.factories import make_group, make_product

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BUYERS = 200
UNITS = 10


class Session(dict):
    modified = False


def place(variant_ids: list[int], checkout_token: str) -> Order:
    cart = Cart(Session())
    cart.quantities = {variant_id: 1 for variant_id in variant_ids}
    try:
        return order_place(
            cart=cart,
            buyer=AnonymousUser(),
            details=BuyerDetails(
                contact_name="Buyer",
                contact_phone="+923001234567",
                province="Sindh",
                city="Karachi",
                address_line1="Street 1",
            ),
            payment_method="cod",
            checkout_token=checkout_token,
        )
    finally:
        connection.close()


def buy(variant_ids: list[int]) -> bool:
    try:
        place(variant_ids, uuid.uuid4().hex)
        return True
    except CheckoutError:
        return False


def test_last_ten_units_make_exactly_ten_orders(site_tree):
    assert connection.vendor == "postgresql"
    group = make_group()
    last_units = make_product(group, "Ralli quilt", stock=UNITS).variants.get()
    plenty = make_product(group, "Cushion", stock=1000).variants.get()
    # Half the buyers also take a second item, locked in the other order: no deadlocks.
    baskets = [
        [last_units.pk, plenty.pk] if index % 2 else [plenty.pk, last_units.pk]
        for index in range(BUYERS)
    ]

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(buy, baskets))

    orders = sum(results)
    print(
        f"{BUYERS} concurrent buyers of the last {UNITS} units: {orders} orders, "
        f"{BUYERS - orders} told it sold out"
    )
    assert orders == UNITS == Order.objects.count()
    assert ProductVariant.objects.get(pk=last_units.pk).stock == 0
    assert ProductVariant.objects.get(pk=plenty.pk).stock == 1000 - UNITS
    assert OrderLine.objects.filter(variant=last_units).count() == UNITS


def test_one_checkout_submitted_twelve_times_at_once_makes_one_order(site_tree):
    """A buyer tapping "Place order" again and again on a slow connection, for the last unit:
    every submission answers with the one order, none with "sold out"."""
    group = make_group()
    last_unit = make_product(group, "Ralli quilt", stock=1).variants.get()
    token = uuid.uuid4().hex

    with ThreadPoolExecutor(max_workers=12) as pool:
        orders = list(pool.map(lambda _n: place([last_unit.pk], token), range(12)))

    assert Order.objects.count() == 1
    assert {order.pk for order in orders} == {Order.objects.get().pk}
    assert ProductVariant.objects.get(pk=last_unit.pk).stock == 0
