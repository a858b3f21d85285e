"""The private Django and Wagtail APIs the project still uses, each behind one function here.

Both are in Django's Redis cache backend, which has no public hook for what marketplace/cache.py
does (one redis client per connection pool; answering while Redis is down):

- `RedisCache._class`: the client class the backend builds its `_cache` from;
- `RedisCacheClient._get_connection_pool(write)`: the pool a read or write goes to.

And Wagtail's per-request memos, which marketplace/serving.py fills with what it read from the
cache, so that Wagtail's page view does not look them up again:

- `request._wagtail_site` (read by `Site.find_for_request`);
- `request._wagtail_route_for_request` (read by `Page.route_for_request`).

tests/marketplace/test_django_private.py pins what each returns, so a Django upgrade that renames
or changes one fails there, not in production. (`QuerySet._insert` is no longer used:
marketplace/insert_returning.py writes its statement with public APIs.)
"""

from typing import Any


def redis_cache_client_class_set(cache: Any, client_class: type) -> None:
    """Make Django's RedisCache `cache` build its client from `client_class`."""
    cache._class = client_class


def redis_connection_pool(cache_client: Any, *, write: bool) -> Any:
    """The redis connection pool Django's RedisCacheClient uses for a read or a write."""
    return cache_client._get_connection_pool(write)


def wagtail_request_memo_set(request: Any, *, site: Any, route: Any = None) -> None:
    """Make Wagtail's `Site.find_for_request(request)` answer `site` and, unless `route` is
    None, its `Page.route_for_request(request, ...)` answer `route`, without a query."""
    request._wagtail_site = site
    if route is not None:
        request._wagtail_route_for_request = route
