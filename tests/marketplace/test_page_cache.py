"""Anonymous catalog pages are cached, and publishing or a stock change invalidates them."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from catalog.services import stock_adjust
from tests.factories import UserFactory, make_group, make_product, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(site_tree):
    return make_product(make_group(), "Khussa pair", price="2400", stock=3)


def test_second_anonymous_visit_is_served_from_cache(client, product):
    assert client.get(product.url)["X-Page-Cache"] == "miss"
    assert client.get(product.url)["X-Page-Cache"] == "hit"


def test_a_release_makes_every_cached_page_and_card_stale(client, product):
    """deploy/release.sh runs `page_cache_invalidate`: a release's markup and words show at
    once, not when the old copies expire."""
    client.get("/shop/")
    assert client.get("/shop/")["X-Page-Cache"] == "hit"

    call_command("page_cache_invalidate", stdout=io.StringIO())

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/shop/")
    assert response["X-Page-Cache"] == "miss"
    # The cards are rendered again too (their photos' renditions are read for it).
    assert any("wagtailimages_rendition" in query["sql"] for query in queries.captured_queries)


def test_publishing_invalidates_cached_pages(client, product):
    client.get("/shop/")
    product.title = "Khussa pair, gold thread"
    product.save_revision().publish()
    response = client.get("/shop/")
    assert response["X-Page-Cache"] == "miss"
    assert "Khussa pair, gold thread" in response.content.decode()


def test_unpublishing_removes_the_product_from_cached_listing(client, product):
    assert "Khussa pair" in client.get("/shop/").content.decode()
    product.unpublish()
    assert "Khussa pair" not in client.get("/shop/").content.decode()


def test_stock_change_invalidates_cached_pages(client, product):
    assert "Only 3 left" in client.get(product.url).content.decode()
    stock_adjust(variant_id=product.variants.get().pk, delta=-3, reason="sale")
    assert "Out of stock" in client.get(product.url).content.decode()


def test_sales_that_do_not_change_what_pages_show_keep_the_cache(client, site_tree):
    product = make_product(make_group(), "Ajrak", stock=40)
    client.get(product.url)
    stock_adjust(variant_id=product.variants.get().pk, delta=-2, reason="sale")
    response = client.get(product.url)
    assert response["X-Page-Cache"] == "hit"
    assert "In stock" in response.content.decode()
    stock_adjust(
        variant_id=product.variants.get().pk, delta=-33, reason="sale"
    )  # 5 left: now worth saying
    assert "Only 5 left" in client.get(product.url).content.decode()


def test_logged_in_users_and_errors_are_never_cached(client, product):
    client.get("/no-such-page/")
    assert "X-Page-Cache" not in client.get("/no-such-page/")
    client.force_login(make_staff(product.producer_group))
    assert "X-Page-Cache" not in client.get(product.url)


def test_each_language_is_cached_separately(client, product):
    client.get("/shop/")
    urdu = client.get("/ur/shop/")
    assert urdu["X-Page-Cache"] == "miss"
    assert 'dir="rtl"' in urdu.content.decode()


def test_a_buyer_with_a_cart_is_served_the_cached_page(client, product):
    # A cart is a session, not a sign-in: the public pages are the same for her (the cart
    # count is filled in by a script from a cookie), so she gets them at cache speed.
    from tests.orders.conftest import add_to_cart

    visitor = Client()
    assert visitor.get(product.url)["X-Page-Cache"] == "miss"
    add_to_cart(client, product.variants.get(), 1)
    client.get("/cart/")  # "Added to your cart" shown there (a page with a message is not cached)
    assert settings.SESSION_COOKIE_NAME in client.cookies

    response = client.get(product.url)

    assert response["X-Page-Cache"] == "hit"
    assert response.content == visitor.get(product.url).content


def test_a_page_first_rendered_for_a_cart_holder_is_stored_for_everyone(client, product):
    from tests.orders.conftest import add_to_cart

    add_to_cart(client, product.variants.get(), 1)
    client.get("/cart/")

    assert client.get("/shop/")["X-Page-Cache"] == "miss"
    assert Client().get("/shop/")["X-Page-Cache"] == "hit"


def test_a_signed_in_buyer_with_a_cart_is_never_served_a_cached_page(client, product):
    from tests.orders.conftest import add_to_cart

    Client().get(product.url)  # cached for visitors
    client.force_login(UserFactory(username="buyer"))
    add_to_cart(client, product.variants.get(), 1)
    client.get("/cart/")

    assert "X-Page-Cache" not in client.get(product.url)
