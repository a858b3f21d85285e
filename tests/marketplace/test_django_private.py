"""The private Django APIs marketplace/django_private.py wraps still do what it relies on; a
Django upgrade that changes one fails here. And the notification insert that replaced
QuerySet._insert (marketplace/insert_returning.py) writes new rows only and returns their ids."""

import pytest
import redis
from django.core.cache.backends import redis as django_redis

from marketplace.cache import RedisCache, RedisCacheClient
from marketplace.django_private import redis_cache_client_class_set, redis_connection_pool
from marketplace.insert_returning import insert_new_rows
from marketplace.models import NotificationLog

LOCATION = "redis://127.0.0.1:6379/7"  # no connection is opened: pools connect lazily


def test_django_redis_cache_builds_its_client_from_the_class_set_on_it():
    class Marked(django_redis.RedisCacheClient):
        pass

    cache = django_redis.RedisCache(LOCATION, {})
    redis_cache_client_class_set(cache, Marked)
    assert type(cache._cache) is Marked


def test_django_redis_client_names_a_connection_pool_for_reads_and_writes():
    client = django_redis.RedisCacheClient([LOCATION])
    write_pool = redis_connection_pool(client, write=True)
    assert isinstance(write_pool, redis.ConnectionPool)
    assert redis_connection_pool(client, write=True) is write_pool  # kept, not rebuilt
    assert isinstance(redis_connection_pool(client, write=False), redis.ConnectionPool)


def test_project_cache_keeps_one_redis_client_per_pool():
    cache = RedisCache(LOCATION, {})
    client = cache._cache
    assert isinstance(client, RedisCacheClient)
    first = client.get_client(write=True)
    assert client.get_client(write=True) is first
    assert first.connection_pool is redis_connection_pool(client, write=True)


def _log(key: str) -> NotificationLog:
    return NotificationLog(
        dedupe_key=key, event="payout_sent", channel="sms", recipient="+923001234567", body="x"
    )


@pytest.mark.django_db
def test_insert_new_rows_writes_new_keys_and_returns_their_ids_only():
    NotificationLog.objects.create(
        dedupe_key="old", event="payout_sent", channel="sms", recipient="+923001234567"
    )
    written = insert_new_rows(
        [_log("new-1"), _log("old"), _log("new-2")], returning=["id", "dedupe_key"]
    )

    assert [key for _pk, key in written] == ["new-1", "new-2"]
    stored = dict(NotificationLog.objects.values_list("dedupe_key", "pk"))
    assert sorted(stored) == ["new-1", "new-2", "old"]
    assert all(stored[key] == pk for pk, key in written)
    assert NotificationLog.objects.get(dedupe_key="new-1").created_at is not None


@pytest.mark.django_db
def test_insert_new_rows_of_only_known_keys_writes_nothing():
    insert_new_rows([_log("a")], returning=["id"])
    assert insert_new_rows([_log("a")], returning=["id"]) == []
    assert NotificationLog.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db
def test_insert_new_rows_on_postgres():
    test_insert_new_rows_writes_new_keys_and_returns_their_ids_only()


@pytest.mark.django_db
def test_wagtail_answers_the_site_and_route_handed_to_it_without_a_query(
    rf, site_tree, django_assert_num_queries
):
    from wagtail.models import Page, Site
    from wagtail.url_routing import RouteResult

    from marketplace.django_private import wagtail_request_memo_set

    home, producers = site_tree
    site = Site.objects.get(is_default_site=True)
    request = rf.get("/producers/")
    route = RouteResult(producers)
    wagtail_request_memo_set(request, site=site, route=route)
    with django_assert_num_queries(0):
        assert Site.find_for_request(request) is site
        assert Page.route_for_request(request, "/producers/") is route
