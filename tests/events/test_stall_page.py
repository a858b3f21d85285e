"""The stall page a stall's QR code opens: what the group brought, priced and stocked as in the
shop."""

import re

import pytest

from tests.factories import make_application, make_group, make_mela, make_product, make_stall

pytestmark = pytest.mark.django_db


@pytest.fixture
def stall_with_products(site_tree):
    mela = make_mela()
    group = make_group("Hala Ajrak Cooperative", district="Matiari")
    shawl = make_product(group, "Ajrak shawl", price="3200.00", stock=5)
    sold_out = make_product(group, "Block-printed bedsheet", price="5400.00", stock=0)
    draft = make_product(group, "Unpublished cushion", publish=False)
    make_application(
        mela,
        group,
        products=[shawl, sold_out, draft],
        status="approved",
        stall=make_stall(mela, "A-1"),
    )
    return mela


def card_of(html: str, title: str) -> str:
    cards = re.findall(r'<li class="card product-card">.*?</li>', html, flags=re.S)
    [card] = [card for card in cards if title in card]
    return card


def test_stall_page_shows_price_and_stock_of_what_the_group_brought(client, stall_with_products):
    html = client.get(f"{stall_with_products.url}stalls/A-1/").content.decode()

    shawl = card_of(html, "Ajrak shawl")
    assert "Rs 3,200" in shawl
    assert "Out of stock" not in shawl
    bedsheet = card_of(html, "Block-printed bedsheet")
    assert "Rs 5,400" in bedsheet
    assert "Out of stock" in bedsheet
    assert "Unpublished cushion" not in html


def test_more_products_at_a_stall_cost_no_more_queries(client, stall_with_products):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from events.models import ExhibitorApplication

    url = f"{stall_with_products.url}stalls/A-1/"

    def queries_for_page() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    client.get(url)  # renditions are made on the first view
    before = queries_for_page()
    application = ExhibitorApplication.objects.get()
    for title in ("Ralli cushion", "Khussa pair", "Glass bangles"):
        application.products.add(make_product(application.group, title))
    client.get(url)
    assert queries_for_page() == before
