"""The market counters on a real Redis: pages served (from the page cache too) are counted in
one pipeline each, searchers counted apart in a HyperLogLog, and a day copied twice gives the
same rows."""

import uuid

import pytest
import redis
from django.test import Client
from django.utils import timezone

from catalog.market.services import market_counters_copy
from catalog.models import ProductDayStats, SearchTermDay
from marketplace.market_counters import RedisCounterStore, counter_store
from tests.factories import make_group, make_product


@pytest.mark.redis
@pytest.mark.django_db
def test_pages_are_counted_in_redis_and_copied_once(settings, site_tree):
    import os

    settings.MARKET_COUNTERS_URL = os.environ["REDIS_URL"]
    store = counter_store()
    assert isinstance(store, RedisCounterStore)
    day = timezone.localdate()
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    client.delete(f"market:{day.isoformat()}:counts")
    term = "zari " + "".join(ch for ch in uuid.uuid4().hex if ch.isalpha())[:6]
    product = make_product(make_group(), "Zari clutch", price="1800", stock=2)
    for address in ("10.1.0.1", "10.1.0.2", "10.1.0.2"):
        visitor = Client(REMOTE_ADDR=address)
        visitor.get(product.url)
        visitor.get("/shop/", {"q": term})

    counts = store.counts(day.isoformat())
    assert counts[f"view:{product.pk}"] == 3
    assert counts[f"zero:en:{term}"] == 3
    assert client.ttl(f"market:{day.isoformat()}:counts") > 6 * 24 * 3600

    for _run in range(2):
        market_counters_copy(day=day)
    assert ProductDayStats.objects.get(product=product, day=day).views == 3
    row = SearchTermDay.objects.get(day=day, term=term)
    assert (row.searches, row.zero_result_searches, row.searchers) == (3, 3, 2)
