"""Uncached storefront pages cost a fixed number of queries, whatever they show: a product with
one photo or five, a group with 5 products or 50, the shop with 5 products or 20, the first
page of the shop or its last."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import ProducerGroupPhoto, ProductImage
from tests.cards import card_titles
from tests.factories import (
    CraftCategoryFactory,
    ImageFactory,
    make_artisan,
    make_group,
    make_product,
)

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    client.get(url)  # renders missing image renditions once
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def group(site_tree):
    return make_group()


def add_photos(product, count):
    for index in range(count):
        ProductImage.objects.create(
            product=product,
            image=ImageFactory(collection=product.producer_group.collection),
            alt_text=f"photo {index}",
            sort_order=index + 1,
        )


def test_product_page_queries_do_not_grow_with_photos_variants_or_artisans(client, group):
    plain = make_product(group, "Plain pot")
    rich = make_product(group, "Painted pot", variants=5)
    add_photos(rich, 5)
    for index in range(4):
        artisan = make_artisan(group, f"Artisan {index}")
        artisan.save_revision().publish()
        rich.artisans.add(artisan)
    rich.save_revision().publish()

    assert queries_for(client, rich.url) == queries_for(client, plain.url)


def test_group_page_queries_do_not_grow_with_products_or_photos(client, group, site_tree):
    other = make_group("Thar Ralli Cooperative")
    category = CraftCategoryFactory(name="Pottery", slug="pottery")
    for index in range(5):
        make_product(group, f"Pot {index}", category=category)
    for index in range(24):
        make_product(other, f"Quilt {index}", category=category)
    for page, photos in ((group, 1), (other, 5)):
        for index in range(photos):
            ProducerGroupPhoto.objects.create(
                page=page, image=ImageFactory(collection=page.collection), alt_text=f"stall {index}"
            )

    assert queries_for(client, other.url) == queries_for(client, group.url)


def test_shop_queries_are_the_same_for_5_and_20_products(client, group):
    category = CraftCategoryFactory(name="Pottery", slug="pottery")
    for index in range(5):
        make_product(group, f"Pot {index}", category=category)
    few = queries_for(client, "/shop/")
    for index in range(5, 20):
        make_product(group, f"Pot {index}", category=category)

    assert queries_for(client, "/shop/") == few


def test_deep_pages_and_counts_read_a_bounded_part_of_the_catalogue(
    client, group, settings, monkeypatch
):
    from catalog import listing_pages

    settings.SHOP_PAGE_SIZE = 2
    monkeypatch.setattr(listing_pages, "MAX_PAGES", 3)
    for index in range(9):
        make_product(group, f"Pot {index}", price=str(100 + index))

    first = client.get("/shop/?sort=price_asc")
    html = first.content.decode()
    assert "More than 6 products" in html
    assert "Page 1 of 3" in html
    deep = client.get("/shop/?sort=price_asc&page=5")  # beyond the bound: the last page
    assert card_titles(deep) == ["Pot 4", "Pot 5"]
    assert "The list stops here" in deep.content.decode()

    cache.clear()  # the listing's rows are kept (catalog.listing_pages): read them afresh
    with CaptureQueriesContext(connection) as queries:
        client.get("/shop/?sort=price_asc&page=3")
    listing_sql = [q["sql"] for q in queries.captured_queries if "ORDER BY" in q["sql"]]
    # One read of one past the bound, never the whole catalogue, nor a count of it.
    assert any("LIMIT 7" in sql for sql in listing_sql)
    assert not any("COUNT(" in q["sql"] for q in queries.captured_queries)


def test_a_listing_under_the_bound_shows_its_exact_count(client, group):
    for index in range(3):
        make_product(group, f"Pot {index}")
    html = client.get("/shop/").content.decode()
    assert "3 products" in html and "More than" not in html
