"""The groups' market information gets each day's sales from the orders: units and amounts per
product, cancelled parts left out, written as the day's totals (a rerun changes nothing)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import ProductDayStats
from orders.lifecycle.orders import order_cancel_by_buyer
from orders.market_sales import product_sales_of_day
from orders.tasks import copy_market_sales
from tests.orders.order_desk_support import place_order

pytestmark = pytest.mark.django_db


def test_sales_of_the_day_reach_the_market_information_once(two_groups_catalog):
    catalog = two_groups_catalog
    place_order(catalog, items=("shawl", "quilt"))
    place_order(catalog, items=("shawl",))
    shawl, quilt = catalog["shawl"].product_id, catalog["quilt"].product_id
    today = timezone.localdate()
    assert product_sales_of_day(today) == {
        shawl: (2, Decimal("9000.00")),
        quilt: (1, Decimal("9999.99")),
    }
    copy_market_sales()
    copy_market_sales()
    rows = dict(ProductDayStats.objects.filter(day=today).values_list("product_id", "units_sold"))
    assert rows == {shawl: 2, quilt: 1}


def test_a_cancelled_order_leaves_the_figures_at_the_next_copy(two_groups_catalog):
    catalog = two_groups_catalog
    order = place_order(catalog, items=("quilt",))
    copy_market_sales()
    order_cancel_by_buyer(order_id=order.pk)
    copy_market_sales()
    row = ProductDayStats.objects.get(product_id=catalog["quilt"].product_id)
    assert (row.units_sold, row.sales_amount) == (0, Decimal("0.00"))
