"""A real Redis (the cache and sessions' cache) killed mid-test: the storefront, the cart and a
cash-on-delivery checkout keep working, and the cache works again once Redis is back."""

import logging
import uuid

import pytest
from django.core.cache import cache

from marketplace import cache as cache_module
from orders.models import Order
from tests.celery_worker import queue_purge
from tests.factories import make_group, make_product
from tests.orders.conftest import add_to_cart, checkout_data
from tests.redis_server import cache_settings, throwaway_redis

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


@pytest.fixture
def redis_server(settings, monkeypatch):
    monkeypatch.setattr(cache_module, "_last_warning_at", None)  # no warning from earlier tests
    with throwaway_redis() as server:
        settings.CACHES = cache_settings(server.url)
        settings.CACHE_DOWN_RETRY_SECONDS = 0
        yield server


@pytest.fixture
def own_queue(settings):
    """Sends go to a queue of this test's own on the shared broker, dropped afterwards."""
    settings.NOTIFICATION_QUEUE = f"redis-down-test-{uuid.uuid4().hex[:8]}"
    yield
    queue_purge(settings.NOTIFICATION_QUEUE)


def test_storefront_cart_and_checkout_work_while_the_cache_redis_is_down(
    client, site_tree, redis_server, own_queue, caplog
):
    group = make_group("Hala Ajrak Cooperative")
    shawl = make_product(group, "Ajrak shawl", price="3500.00", stock=10).variants.get()
    assert client.get("/").status_code == 200
    assert add_to_cart(client, shawl).status_code == 302  # the session exists while Redis is up

    redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="marketplace.cache"):
        assert client.get("/").status_code == 200
        assert client.get("/shop/").status_code == 200
        assert add_to_cart(client, shawl).status_code == 302
        response = client.post("/checkout/", checkout_data(client))

    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    assert client.get(order.get_absolute_url()).status_code == 200
    warnings = [r for r in caplog.records if r.name == "marketplace.cache"]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]

    redis_server.start()  # back, and empty
    cache.set("back", "yes", 30)
    assert cache.get("back") == "yes"
