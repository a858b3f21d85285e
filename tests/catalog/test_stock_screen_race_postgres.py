"""On PostgreSQL: staff save the stock screen while checkouts take the last units. The screen
was opened before the sales; saving it must neither put sold units back on sale (a lost
update, then an oversell) nor deadlock with a checkout."""

import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from catalog.models import ProductVariant, StockMovement
from catalog.services import VariantEdit, variants_save
from orders.checkout.cart import Cart
from orders.checkout.placement import BuyerDetails, CheckoutError, order_place
from orders.models import Order
from tests.factories import make_group, make_product, make_staff

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BUYERS = 40
UNITS = 10
RESTOCKED = 5
PRICE_SAVES = 6


class Session(dict):
    modified = False


def buy(variant_ids: list[int]) -> bool:
    cart = Cart(Session())
    cart.quantities = {variant_id: 1 for variant_id in variant_ids}
    try:
        order_place(
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
            checkout_token=uuid.uuid4().hex,
        )
        return True
    except CheckoutError:
        return False
    finally:
        connection.close()


def save_screen(product, staff, screen: list[ProductVariant], *, price: str, add: int) -> None:
    """Save a stock screen opened earlier (`screen`: the variants as it showed them)."""
    try:
        edits = []
        for variant in screen:
            shown = variant.stock
            variant.price = Decimal(price)
            edits.append(
                VariantEdit(
                    variant=variant,
                    fields_changed=True,
                    stock_shown=shown,
                    stock_entered=shown + add,
                )
            )
        variants_save(product=product, edits=edits, by=staff)
    finally:
        connection.close()


def assert_history_adds_up(variant: ProductVariant, initial: int) -> None:
    """Each movement, in the order the row lock let them in, leaves the stock it records."""
    stock = initial
    for delta, stock_after in (
        StockMovement.objects.filter(variant=variant)
        .order_by("pk")
        .values_list("delta", "stock_after")
    ):
        stock += delta
        assert stock_after == stock
    assert stock == ProductVariant.objects.get(pk=variant.pk).stock


def test_staff_saving_a_stale_screen_during_checkouts_never_oversells(site_tree):
    assert connection.vendor == "postgresql"
    group = make_group()
    staff = make_staff(group)
    product = make_product(group, "Ralli quilt", stock=UNITS, variants=2)
    first, second = product.variants.order_by("pk")
    ProductVariant.objects.filter(pk=second.pk).update(stock=1000)
    screens = [list(product.variants.order_by("-pk")) for _ in range(PRICE_SAVES + 1)]
    # Half the buyers also take the other variant, which the staff's saves lock too.
    baskets = [[first.pk, second.pk] if index % 2 else [first.pk] for index in range(BUYERS)]
    saves = [
        {"screen": screens[index], "price": f"{4600 + index}", "add": 0}
        for index in range(PRICE_SAVES)
    ] + [{"screen": screens[-1], "price": "4700", "add": RESTOCKED}]

    with ThreadPoolExecutor(max_workers=16) as pool:
        # The saves are spread among the checkouts, so they run while units are being sold.
        pending_saves, sales = [], []
        for index, basket in enumerate(baskets):
            sales.append(pool.submit(buy, basket))
            if index % 6 == 3 and saves:
                pending_saves.append(pool.submit(save_screen, product, staff, **saves.pop()))
        pending_saves += [pool.submit(save_screen, product, staff, **save) for save in saves]
        for save in pending_saves:
            save.result()  # a deadlock or an error fails the test here
        orders = sum(sale.result() for sale in sales)

    final = ProductVariant.objects.get(pk=first.pk)
    print(
        f"{BUYERS} buyers of {UNITS} units while staff saved {PRICE_SAVES + 1} stale screens "
        f"(one adding {RESTOCKED}): {orders} orders, {final.stock} left"
    )
    assert orders == Order.objects.count()
    assert UNITS <= orders <= UNITS + RESTOCKED
    assert final.stock == UNITS + RESTOCKED - orders  # no sale undone, none oversold
    assert final.price in {Decimal(f"{4600 + index}") for index in range(PRICE_SAVES)} | {
        Decimal("4700")
    }
    assert_history_adds_up(first, UNITS)
    assert_history_adds_up(second, 1000)
