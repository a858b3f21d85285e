"""Every stock change leaves a row of history (who, when, why), shown on the stock screen."""

import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.models import StockMovement, StockMovementReason
from catalog.services import stock_adjust
from events.models.pages import mela_today
from events.services import stall_sale_record
from orders.lifecycle.orders import order_cancel, orders_expire_unpaid
from orders.models import Order
from tests.factories import (
    UserFactory,
    make_application,
    make_group,
    make_mela,
    make_product,
    make_staff,
    make_stall,
)
from tests.orders.conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_groups_catalog(site_tree):
    shawl = make_product(make_group("Lahore Embroiderers Union"), "Phulkari shawl", stock=5)
    quilt = make_product(make_group("Thar Ralli Cooperative"), "Ralli quilt", stock=3)
    return {"shawl": shawl.variants.get(), "quilt": quilt.variants.get()}


def place(client, catalog, **changes) -> Order:
    add_to_cart(client, catalog["shawl"], 2)
    add_to_cart(client, catalog["quilt"], 1)
    response = client.post("/checkout/", checkout_data(client, **changes))
    assert response.status_code == 302
    return Order.objects.latest("pk")


def movements(*variants) -> list[tuple]:
    return sorted(
        StockMovement.objects.filter(variant__in=variants).values_list(
            "variant_id", "delta", "stock_after", "reason", "by_id", "reference"
        )
    )


def test_checkout_records_a_sale_for_each_line_with_the_order_number(client, two_groups_catalog):
    shawl, quilt = two_groups_catalog["shawl"], two_groups_catalog["quilt"]

    order = place(client, two_groups_catalog)

    assert movements(shawl, quilt) == sorted(
        [
            (shawl.pk, -2, 3, StockMovementReason.SALE, None, order.number),
            (quilt.pk, -1, 2, StockMovementReason.SALE, None, order.number),
        ]
    )


def test_a_cancellation_puts_stock_back_and_says_who_cancelled(client, two_groups_catalog):
    shawl, quilt = two_groups_catalog["shawl"], two_groups_catalog["quilt"]
    order = place(client, two_groups_catalog)
    finance = UserFactory(username="finance-desk")

    order_cancel(order_id=order.pk, by=finance, reason="buyer asked")

    returned = StockMovement.objects.filter(reason=StockMovementReason.CANCELLATION)
    assert sorted(
        returned.values_list("variant_id", "delta", "stock_after", "by", "reference")
    ) == [
        (shawl.pk, 2, 5, finance.pk, order.number),
        (quilt.pk, 1, 3, finance.pk, order.number),
    ]


def test_an_unpaid_order_that_expires_releases_its_stock_as_an_expiry(client, two_groups_catalog):
    order = place(client, two_groups_catalog, payment_method="transfer")

    orders_expire_unpaid(now=timezone.now() + timedelta(days=30))

    released = StockMovement.objects.filter(reason=StockMovementReason.EXPIRY_RELEASE)
    assert sorted(released.values_list("delta", "by", "reference")) == [
        (1, None, order.number),
        (2, None, order.number),
    ]


def test_a_stall_sale_is_recorded_as_one_with_the_staff_member_who_sold(site_tree):
    mela = make_mela("Hala Mela", start=mela_today())
    group = make_group("Hala Ajrak Cooperative")
    product = make_product(group, "Ajrak shawl", stock=5)
    make_application(mela, group, products=[product], status="approved", stall=make_stall(mela))
    staff = make_staff(group)

    stall_sale_record(
        user=staff,
        mela=mela,
        group=group,
        variant_id=product.variants.get().pk,
        quantity=2,
        unit_price=None,
        token=uuid.uuid4(),
    )

    [sale] = StockMovement.objects.all()
    assert (sale.delta, sale.stock_after, sale.reason, sale.by, sale.reference) == (
        -2,
        3,
        StockMovementReason.STALL_SALE,
        staff,
        "Hala Mela",
    )


def test_stock_screen_shows_the_latest_twenty_changes_of_its_product_only(client, site_tree):
    group = make_group()
    product = make_product(group, "Phulkari dupatta", stock=100)
    other = make_product(group, "Ralli quilt", stock=100)
    variant = product.variants.get()
    staff = make_staff(group)
    for number in range(1, 25):
        stock_adjust(
            variant_id=variant.pk,
            delta=-1,
            reason=StockMovementReason.SALE,
            reference=f"CM-{number:06d}",
        )
    stock_adjust(variant_id=variant.pk, delta=+5, reason=StockMovementReason.STAFF_COUNT, by=staff)
    stock_adjust(
        variant_id=other.variants.get().pk,
        delta=-1,
        reason=StockMovementReason.SALE,
        reference="CM-999999",
    )
    client.force_login(staff)

    html = client.get(f"/admin/catalog/products/{product.pk}/variants/").content.decode()

    history = html[html.index('id="stock-history-title"') :]
    rows = re.findall(r"<tr>\s*<td class=\"when\">.*?</tr>", history, flags=re.S)
    assert len(rows) == 20
    newest = rows[0]
    assert "Staff count" in newest and staff.username in newest and "+5" in newest
    assert ">81<" in newest  # 100 − 24 + 5
    assert "Sale" in rows[1] and "CM-000024" in rows[1]
    assert "CM-000006" in history and "CM-000005" not in history  # older ones left off
    assert "CM-999999" not in history  # another product's
