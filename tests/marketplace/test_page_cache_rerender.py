"""A page gone stale is rendered again by one visitor at a time: while she renders it, the others
are served the copy it replaces (`X-Page-Cache: stale`, max-age 0), for at most
PAGE_CACHE_STALE_SECONDS from when that copy was first found stale, and only after changes that
may be seen a moment late (a product published, a stock change). After an unpublish, a
suspension or a release, never. A visitor alone always gets the fresh page."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from catalog.services import stock_adjust
from marketplace import page_cache, page_cache_stale
from tests.factories import make_group, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _stale_window(settings):
    settings.PAGE_CACHE_STALE_SECONDS = 10  # whatever the environment says


@pytest.fixture
def product(site_tree):
    return make_product(make_group(), "Khussa pair", price="2400", stock=3)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    """The stale window's clock (page_cache_stale's own `time`), moved by the test."""
    fake = Clock()
    monkeypatch.setattr(page_cache_stale, "time", fake)
    return fake


def another_visitor_renders(url: str):
    """Claim the render of `url` as a visitor whose request is under way would: (key, claim)."""
    key = page_cache.page_key(RequestFactory().get(url))
    claim = page_cache_stale.render_claim(key, cache.get(key))
    assert claim is not None
    return key, claim


def renamed(product, title: str) -> None:
    product.title = title
    product.save_revision().publish()


def test_while_another_visitor_renders_a_stale_page_the_copy_is_served_without_a_query(
    client, product
):
    client.get(product.url)
    renamed(product, "Khussa pair, gold thread")
    key, claim = another_visitor_renders(product.url)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(product.url)

    assert response["X-Page-Cache"] == "stale"
    assert "max-age=0" in response["Cache-Control"]  # no browser or proxy keeps it
    assert "Khussa pair, gold thread" not in response.content.decode()
    assert len(queries) == 0

    page_cache_stale.render_release(key, claim)  # her render done: the next one renders
    fresh = client.get(product.url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Khussa pair, gold thread" in fresh.content.decode()
    assert client.get(product.url)["X-Page-Cache"] == "hit"


def test_a_stock_change_may_be_seen_a_moment_late_too(client, product):
    assert "Only 3 left" in client.get(product.url).content.decode()
    stock_adjust(variant_id=product.variants.get().pk, delta=-3, reason="sale")
    another_visitor_renders(product.url)

    assert client.get(product.url)["X-Page-Cache"] == "stale"


def test_a_visitor_alone_renders_the_stale_page_and_leaves_no_claim_behind(client, product):
    client.get(product.url)
    renamed(product, "Khussa pair, gold thread")

    assert "gold thread" in client.get(product.url).content.decode()
    renamed(product, "Khussa pair, silver thread")
    # Her claim was released with her render: this visitor is alone too.
    response = client.get(product.url)
    assert response["X-Page-Cache"] == "miss"
    assert "silver thread" in response.content.decode()


def test_the_copy_is_served_stale_for_the_window_after_it_was_first_found_stale(
    client, product, clock, settings
):
    settings.PAGE_CACHE_STALE_SECONDS = 10
    client.get(product.url)
    renamed(product, "Khussa pair, gold thread")
    another_visitor_renders(product.url)  # first found stale now, and never finishes

    clock.now += 9
    assert client.get(product.url)["X-Page-Cache"] == "stale"
    clock.now += 2
    response = client.get(product.url)
    assert response["X-Page-Cache"] == "miss"
    assert "gold thread" in response.content.decode()


def test_each_stored_copy_gets_its_own_window(client, product, clock):
    client.get(product.url)
    renamed(product, "Khussa pair, gold thread")
    key, claim = another_visitor_renders(product.url)
    assert client.get(product.url)["X-Page-Cache"] == "stale"
    page_cache_stale.render_release(key, claim)
    assert client.get(product.url)["X-Page-Cache"] == "miss"  # a new copy stored

    clock.now += 60  # long after the first copy's window
    renamed(product, "Khussa pair, silver thread")
    another_visitor_renders(product.url)
    response = client.get(product.url)
    assert response["X-Page-Cache"] == "stale"
    assert "gold thread" in response.content.decode()


def test_after_an_unpublish_no_stale_copy_is_served(client, product):
    client.get(product.url)
    url = product.url
    another_visitor_renders(url)  # (a claim alone, before the change: same as during it)
    product.unpublish()

    assert client.get(url).status_code == 404


def test_after_a_whole_site_change_no_stale_copy_is_served(client, product):
    client.get(product.url)
    renamed(product, "Khussa pair, gold thread")  # may be seen late ...
    page_cache.invalidate()  # ... but not after a strict change (a suspension, a release)
    another_visitor_renders(product.url)

    response = client.get(product.url)
    assert response["X-Page-Cache"] == "miss"
    assert "gold thread" in response.content.decode()


def test_with_no_window_everyone_renders(client, product, settings):
    settings.PAGE_CACHE_STALE_SECONDS = 0
    client.get(product.url)
    renamed(product, "Khussa pair, gold thread")
    key = page_cache.page_key(RequestFactory().get(product.url))
    cache.add(f"{key}:rendering", "someone", timeout=30)  # even with a claim left over

    assert client.get(product.url)["X-Page-Cache"] == "miss"


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
