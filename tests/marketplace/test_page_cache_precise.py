"""The page cache invalidates only the pages that show what changed: an order that moves a
product's stock band, a price change, a publish. Cache hits are read from X-Page-Cache."""

import pytest
from django.test import Client

from catalog.services import VariantEdit, stock_adjust, variants_save
from tests.factories import make_group, make_product
from tests.orders.conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(site_tree):
    lahore = make_group("Lahore Embroiderers Union")
    thar = make_group("Thar Ralli Cooperative", province="Sindh", district="Tharparkar")
    return {
        "lahore": lahore,
        "thar": thar,
        "khussa": make_product(lahore, "Khussa pair", price="2400", stock=3),
        "shawl": make_product(lahore, "Phulkari shawl", price="5200", stock=40),
        "quilt": make_product(thar, "Ralli quilt", price="9800", stock=10),
    }


def cache_state(client, *urls):
    return {url: client.get(url)["X-Page-Cache"] for url in urls}


def warm(client, *urls):
    for url in urls:
        client.get(url)
    assert set(cache_state(client, *urls).values()) == {"hit"}


def place_order(variant, quantity):
    buyer = Client()  # a buyer of her own, with her own cart
    add_to_cart(buyer, variant, quantity)
    assert buyer.post("/checkout/", checkout_data(buyer)).status_code == 302


def test_an_order_that_changes_the_band_makes_only_that_product_page_stale(client, shop):
    khussa, quilt = shop["khussa"], shop["quilt"]
    warm(client, khussa.url, quilt.url, shop["thar"].url)
    assert "Only 3 left" in client.get(khussa.url).content.decode()

    place_order(khussa.variants.get(), 1)

    response = client.get(khussa.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Only 2 left" in response.content.decode()
    # Another group's product and group page are still served from the cache.
    assert cache_state(client, quilt.url, shop["thar"].url) == {
        quilt.url: "hit",
        shop["thar"].url: "hit",
    }


def test_a_band_change_that_leaves_the_card_as_it_was_keeps_the_listings(client, shop):
    shawl = shop["shawl"]
    warm(client, shawl.url, "/shop/", shop["lahore"].url)

    place_order(shawl.variants.get(), 35)  # 40 → 5: "Only 5 left", still in stock

    assert "Only 5 left" in client.get(shawl.url).content.decode()
    assert cache_state(client, "/shop/", shop["lahore"].url) == {
        "/shop/": "hit",
        shop["lahore"].url: "hit",
    }


def test_selling_out_updates_the_product_its_group_and_the_listings_only(client, shop):
    khussa, quilt = shop["khussa"], shop["quilt"]
    urls = (khussa.url, f"/ur{khussa.url}", shop["lahore"].url, "/shop/", quilt.url)
    warm(client, *urls)

    stock_adjust(variant_id=khussa.variants.get().pk, delta=-3, reason="sale")

    assert cache_state(client, *urls) == {
        khussa.url: "miss",
        f"/ur{khussa.url}": "miss",  # both languages
        shop["lahore"].url: "miss",
        "/shop/": "miss",
        quilt.url: "hit",
    }
    assert "Out of stock" in client.get("/shop/").content.decode()


def test_a_price_change_shows_at_once_and_spares_other_products(client, shop):
    quilt, khussa = shop["quilt"], shop["khussa"]
    warm(client, quilt.url, "/shop/?sort=price_asc", khussa.url)
    variant = quilt.variants.get()
    variant.price = 1200

    variants_save(product=quilt, edits=[VariantEdit(variant, True, variant.stock, variant.stock)])

    states = cache_state(client, quilt.url, "/shop/?sort=price_asc", khussa.url)
    assert states == {quilt.url: "miss", "/shop/?sort=price_asc": "miss", khussa.url: "hit"}
    listing = client.get("/shop/?sort=price_asc").content.decode()
    assert listing.index("Ralli quilt") < listing.index("Khussa pair")
    assert "Rs 1,200" in client.get(quilt.url).content.decode()


def test_publishing_a_product_spares_other_product_and_group_pages(client, shop):
    khussa, quilt = shop["khussa"], shop["quilt"]
    urls = (khussa.url, shop["lahore"].url, "/shop/", quilt.url, shop["thar"].url)
    warm(client, *urls)

    khussa.title = "Khussa pair, gold thread"
    khussa.save_revision().publish()

    assert cache_state(client, *urls) == {
        khussa.url: "miss",
        shop["lahore"].url: "miss",
        "/shop/": "miss",
        quilt.url: "hit",
        shop["thar"].url: "hit",
    }
    assert "Khussa pair, gold thread" in client.get("/shop/").content.decode()


def test_a_page_rendered_while_its_product_changed_is_not_stored(client, shop, monkeypatch):
    """A render that overlaps an invalidation could show the old state: it is not kept."""
    from catalog.models import ProductPage

    khussa = shop["khussa"]
    real_get_context = ProductPage.get_context

    def get_context_while_an_order_sells_out(self, request, *args, **kwargs):
        context = real_get_context(self, request, *args, **kwargs)  # read: "Only 3 left"
        stock_adjust(variant_id=khussa.variants.get().pk, delta=-3, reason="sale")
        monkeypatch.setattr(ProductPage, "get_context", real_get_context)
        return context

    monkeypatch.setattr(ProductPage, "get_context", get_context_while_an_order_sells_out)
    assert "Only 3 left" in client.get(khussa.url).content.decode()

    response = client.get(khussa.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Out of stock" in response.content.decode()


def test_republishing_a_product_spares_shop_pages_that_do_not_show_it(client, shop):
    khussa = shop["khussa"]
    punjab, sindh = "/shop/?province=Punjab", "/shop/?province=Sindh"
    warm(client, punjab, sindh, "/shop/", "/shop/?q=quilt")

    khussa.save_revision().publish()  # new revision, same title, craft and group

    assert cache_state(client, punjab, sindh, "/shop/", "/shop/?q=quilt") == {
        punjab: "miss",  # shows the khussa's card
        "/shop/": "miss",
        sindh: "hit",  # Thar's quilt only
        "/shop/?q=quilt": "miss",  # its text may now match: searches follow every publish
    }


def test_a_publish_that_can_change_what_is_listed_makes_every_shop_page_stale(client, shop):
    khussa = shop["khussa"]
    sindh = "/shop/?province=Sindh"
    khussa.save_revision().publish()  # the fingerprint of how it is listed, remembered
    warm(client, sindh, "/shop/?sort=title")

    khussa.title = "Zardozi khussa"  # sorts elsewhere by title
    khussa.save_revision().publish()

    assert cache_state(client, sindh, "/shop/?sort=title") == {
        sindh: "miss",
        "/shop/?sort=title": "miss",
    }
    listing = client.get("/shop/?sort=title").content.decode()
    assert listing.index("Ralli quilt") < listing.index("Zardozi khussa")


def test_a_product_published_again_after_unpublishing_is_listed_again(client, shop):
    khussa = shop["khussa"]
    punjab = "/shop/?province=Punjab"
    khussa.save_revision().publish()
    khussa.unpublish()
    warm(client, punjab)
    assert "Khussa pair" not in client.get(punjab).content.decode()

    khussa.save_revision().publish()

    assert "Khussa pair" in client.get(punjab).content.decode()


def test_pages_that_show_cards_without_naming_them_follow_every_publish(client, shop):
    khussa = shop["khussa"]
    warm(client, "/")

    khussa.save_revision().publish()

    assert cache_state(client, "/") == {"/": "miss"}
