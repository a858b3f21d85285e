"""Concurrent stock changes on a real PostgreSQL: the last unit is sold once, never twice."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from catalog.models import ProductVariant
from catalog.services import StockError, stock_adjust
from tests.factories import make_group, make_product

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BUYERS = 40
UNITS = 10


def take_one(variant_id: int) -> bool:
    try:
        stock_adjust(variant_id=variant_id, delta=-1, reason="sale")
        return True
    except StockError:
        return False
    finally:
        connection.close()


def test_last_units_are_sold_once_under_concurrency(site_tree):
    assert connection.vendor == "postgresql"
    variant = make_product(make_group(), "Ralli quilt", stock=UNITS).variants.get()

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(take_one, [variant.pk] * BUYERS))

    sold = sum(results)
    print(f"{BUYERS} concurrent buyers of {UNITS} units: {sold} sales, {BUYERS - sold} refused")
    assert sold == UNITS
    assert ProductVariant.objects.get(pk=variant.pk).stock == 0
