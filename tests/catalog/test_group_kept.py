"""A product page reads its group from a copy kept for all the group's products
(catalog.product_detail.producer_group_kept); a publish of the group or a change to its terms shows
on the product pages at once, and a sale does not drop the copy."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models.stock import StockMovementReason
from catalog.services import stock_adjust
from catalog.terms.services import terms_update
from tests.factories import make_group, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def quilt(site_tree, settings):
    settings.PAGE_CACHE_SECONDS = 0  # every request rendered: the kept group is under test
    thar = make_group("Thar Ralli Cooperative", province="Sindh", district="Tharparkar")
    return make_product(thar, "Ralli quilt", price="1000", stock=10)


def group_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries if 'FROM "catalog_producergrouppage"' in q["sql"]]


def test_the_group_is_read_once_for_its_product_pages_and_a_sale_keeps_it(client, quilt):
    assert group_queries(client, quilt.url)
    assert not group_queries(client, quilt.url)

    stock_adjust(
        variant_id=quilt.variants.get().pk, delta=-8, reason=StockMovementReason.STAFF_COUNT
    )

    assert not group_queries(client, quilt.url)
    assert "Only 2 left" in client.get(quilt.url).content.decode()


def test_a_renamed_group_and_its_new_delivery_charge_show_at_once(client, quilt):
    client.get(quilt.url)
    group = quilt.producer_group
    group.title = "Thar Women's Ralli Cooperative"
    group.delivery_charge = Decimal("450")
    group.save_revision().publish()

    html = client.get(quilt.url).content.decode()
    assert "Thar Women&#x27;s Ralli Cooperative" in html
    assert "Rs 450" in html


def test_a_new_commission_shows_at_once(client, quilt, moderator):
    assert "(90%) of this price" in client.get(quilt.url).content.decode()

    terms_update(
        group_id=quilt.producer_group_id,
        by=moderator,
        verification_status="verified",
        commission_rate=Decimal("15"),
    )

    assert "(85%) of this price" in client.get(quilt.url).content.decode()
