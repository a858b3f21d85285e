"""The 'Variants and stock' screen records what staff changed, never an old absolute stock.

A form opened before some units sold must not put those units back on sale when it is saved.
"""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.test import Client

from catalog.models import ProductVariant, StockMovementReason
from tests.factories import make_group, make_product, make_staff
from tests.orders.conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


class _FormInputs(HTMLParser):
    """What a browser would submit from the screen's form: its inputs, as rendered."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method") == "post":
            self._in_form = True
        if not self._in_form or tag != "input" or not attrs.get("name"):
            return
        if attrs.get("type") == "checkbox":
            if "checked" in attrs:
                self.data[attrs["name"]] = attrs.get("value") or "on"
            return
        self.data[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False


def screen_form(client, url) -> dict[str, str]:
    parser = _FormInputs()
    parser.feed(client.get(url).content.decode())
    return parser.data


@pytest.fixture
def stocked(site_tree):
    group = make_group()
    product = make_product(group, "Phulkari dupatta", price="3000", stock=4)
    staff = make_staff(group)
    staff_client = Client()
    staff_client.force_login(staff)
    return {
        "product": product,
        "variant": product.variants.get(),
        "staff": staff,
        "client": staff_client,
        "url": f"/admin/catalog/products/{product.pk}/variants/",
    }


def sell(variant, quantity: int) -> None:
    buyer = Client()
    add_to_cart(buyer, variant, quantity)
    response = buyer.post("/checkout/", checkout_data(buyer))
    assert response.status_code == 302, response.content.decode()[:500]


def test_saving_a_price_on_a_stale_stock_screen_does_not_undo_sales(stocked):
    client, variant = stocked["client"], stocked["variant"]
    form = screen_form(client, stocked["url"])  # staff open the screen: 4 in stock
    assert form["variants-0-stock"] == "4"

    sell(variant, 3)  # meanwhile three sell in the shop
    assert ProductVariant.objects.get(pk=variant.pk).stock == 1

    form["variants-0-price"] = "3200"  # staff change only the price
    response = client.post(stocked["url"], form)

    assert response.status_code == 302
    variant.refresh_from_db()
    assert variant.price == Decimal("3200.00")
    assert variant.stock == 1


def test_a_stock_change_on_a_stale_screen_is_added_to_what_is_left(stocked):
    client, variant = stocked["client"], stocked["variant"]
    form = screen_form(client, stocked["url"])  # 4 in stock
    sell(variant, 3)  # 1 left

    form["variants-0-stock"] = "6"  # staff add two they just finished
    response = client.post(stocked["url"], form, follow=True)

    variant.refresh_from_db()
    assert variant.stock == 3
    html = response.content.decode()
    assert "stock changed while you were editing (from 4 to 1" in html
    assert "Your change of +2 was applied to it: now 3" in html
    count = variant.stock_movements.get(reason=StockMovementReason.STAFF_COUNT)
    assert (count.delta, count.stock_after, count.by) == (2, 3, stocked["staff"])


def test_a_stale_change_that_would_go_below_zero_is_refused_and_nothing_saved(stocked):
    client, variant = stocked["client"], stocked["variant"]
    form = screen_form(client, stocked["url"])  # 4 in stock
    sell(variant, 3)  # 1 left

    form["variants-0-stock"] = "0"  # staff meant: the last four are gone (-4)
    form["variants-0-price"] = "3200"
    response = client.post(stocked["url"], form)

    assert response.status_code == 200
    html = response.content.decode()
    assert "it is now 1 (the screen showed 4)" in html
    assert "would take it below zero" in html
    variant.refresh_from_db()
    assert (variant.stock, variant.price) == (1, Decimal("3000.00"))
    assert not variant.stock_movements.filter(reason=StockMovementReason.STAFF_COUNT).exists()

    # The refused row now starts from the current stock: saving again sets what was entered.
    again = _FormInputs()
    again.feed(html)
    assert again.data["variants-0-stock_shown"] == "1"
    assert client.post(stocked["url"], again.data).status_code == 302
    variant.refresh_from_db()
    assert (variant.stock, variant.price) == (0, Decimal("3200.00"))


def test_a_form_without_the_stock_it_showed_is_refused(stocked):
    client = stocked["client"]
    form = screen_form(client, stocked["url"])
    del form["variants-0-stock_shown"]
    form["variants-0-stock"] = "9"

    response = client.post(stocked["url"], form)

    assert response.status_code == 200
    assert "reload it and enter the stock again" in response.content.decode()
    assert ProductVariant.objects.get(pk=stocked["variant"].pk).stock == 4


def test_staff_add_a_variant_and_its_opening_stock_is_in_the_history(stocked):
    client = stocked["client"]
    form = screen_form(client, stocked["url"])
    form.update(
        {
            "variants-1-label": "Large",
            "variants-1-sku": "phul-dup-l",
            "variants-1-price": "3500",
            "variants-1-stock": "2",
            "variants-1-is_active": "on",
            "variants-1-sort_order": "1",
        }
    )

    assert client.post(stocked["url"], form).status_code == 302

    large = ProductVariant.objects.get(sku="PHUL-DUP-L")
    assert (large.product_id, large.stock) == (stocked["product"].pk, 2)
    [opening] = large.stock_movements.all()
    assert (opening.delta, opening.stock_after, opening.reason, opening.by) == (
        2,
        2,
        StockMovementReason.STAFF_COUNT,
        stocked["staff"],
    )
    assert ProductVariant.objects.get(pk=stocked["variant"].pk).stock == 4
    assert not stocked["variant"].stock_movements.exists()  # unchanged rows record nothing


def test_taking_a_variant_off_sale_keeps_its_stock(stocked):
    client, variant = stocked["client"], stocked["variant"]
    form = screen_form(client, stocked["url"])
    del form["variants-0-is_active"]

    assert client.post(stocked["url"], form).status_code == 302

    variant.refresh_from_db()
    assert (variant.is_active, variant.stock) == (False, 4)
