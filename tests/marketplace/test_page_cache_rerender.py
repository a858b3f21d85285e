"""A page gone stale is rendered again by one visitor at a time: while she renders it, the others
are served the copy it replaces (`X-Page-Cache: stale`), for at most PAGE_CACHE_STALE_SECONDS
from when the change was first seen. Before, every visitor who asked during the render rendered
it too: after a publish, the shop's busiest pages were rendered by every connection at once.
A visitor alone always gets the fresh page."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from marketplace import page_cache
from tests.factories import make_group, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(site_tree):
    return make_product(make_group(), "Khussa pair", price="2400", stock=3)


def another_visitor_renders(url: str) -> str:
    """Claim the render of `url` as a visitor whose request is under way would; its key."""
    key = page_cache.page_key(RequestFactory().get(url))
    assert page_cache.render_claim(key)
    return key


def renamed(product, title: str) -> None:
    product.title = title
    product.save_revision().publish()


def test_while_another_visitor_renders_a_stale_page_the_copy_is_served_without_a_query(
    client, product
):
    client.get(product.url)
    renamed(product, "Khussa pair, gold thread")
    key = another_visitor_renders(product.url)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(product.url)

    assert response["X-Page-Cache"] == "stale"
    assert "Khussa pair, gold thread" not in response.content.decode()
    assert len(queries) == 0

    page_cache.render_release(key)  # her render done (stored or not): the next one renders
    fresh = client.get(product.url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Khussa pair, gold thread" in fresh.content.decode()
    assert client.get(product.url)["X-Page-Cache"] == "hit"


def test_a_visitor_alone_renders_the_stale_page_and_leaves_no_claim_behind(client, product):
    client.get(product.url)
    renamed(product, "Khussa pair, gold thread")

    assert "gold thread" in client.get(product.url).content.decode()
    renamed(product, "Khussa pair, silver thread")
    # Her claim was released with her render: this visitor is alone too.
    response = client.get(product.url)
    assert response["X-Page-Cache"] == "miss"
    assert "silver thread" in response.content.decode()


def test_the_stale_copy_is_served_no_longer_than_the_stale_window(client, product, settings):
    client.get(product.url)
    renamed(product, "Khussa pair, gold thread")
    another_visitor_renders(product.url)  # and never finishes

    settings.PAGE_CACHE_STALE_SECONDS = 0  # the window since the change was seen: over
    response = client.get(product.url)

    assert response["X-Page-Cache"] == "miss"
    assert "gold thread" in response.content.decode()


def test_a_page_never_stored_is_rendered_by_everyone_who_asks(client, product):
    another_visitor_renders(product.url)  # nothing to serve meanwhile

    response = client.get(product.url)

    assert response["X-Page-Cache"] == "miss"
    assert "Khussa pair" in response.content.decode()


def test_a_render_that_fails_releases_its_claim(client, product, settings):
    client.get("/shop/")
    renamed(product, "Khussa pair, gold thread")
    settings.SHOP_PAGE_SIZE = "not a number"  # the listing's render raises
    with pytest.raises(ValueError, match="invalid literal"):  # from the paginator
        client.get("/shop/")

    settings.SHOP_PAGE_SIZE = 24
    response = client.get("/shop/")
    assert response["X-Page-Cache"] == "miss"
    assert "gold thread" in response.content.decode()
