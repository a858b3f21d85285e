"""Whole-page cache for anonymous visitors of catalog pages.

The Host header is validated before anything is served (a bad one gets 400), and cached
pages hold no URL built from it. Every cache key carries a site-wide version number.
Publishing or unpublishing a page and any stock change bump the version, so all cached
pages go stale at once: coarse, but it can never show a product that was taken down. Cart
and checkout are never cached and always read live stock, so a cached page can never sell
what is gone.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import patch_cache_control

VERSION_KEY = "page-cache-version"
# /impact/ caches its own figures, keyed by the ledger (orders.impact.report): publishing a
# page or a stock change does not touch it.
UNCACHED_PREFIXES = (
    "/admin/",
    "/cart",
    "/checkout",
    "/orders/",
    "/account",
    "/payments",
    "/impact",
    "/newsletter-subscription/",  # sign-up, confirm and unsubscribe links must reach the view
)
LANGUAGE_PREFIXES = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


def _path_without_language(path: str) -> str:
    for prefix in LANGUAGE_PREFIXES:
        if path.startswith(prefix):
            return path[len(prefix) - 1 :]
    return path


def current_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def _bump_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def invalidate(**_kwargs) -> None:
    """Make every cached page stale (called on publish, unpublish and stock changes).

    Bumped at once and again after commit: a visitor who renders the page between the two
    (seeing the not yet committed state) cannot leave a stale copy in the cache.
    """
    _bump_version()
    transaction.on_commit(_bump_version)


def connect_publish_invalidation() -> None:
    """Wagtail publishes from many places (editor, workflow approval, scheduler, revert); its
    signals are the one place all of them pass through. This is cache upkeep, not a business
    step, which is why a signal is acceptable here."""
    from wagtail.signals import page_published, page_unpublished

    page_published.connect(invalidate, dispatch_uid="page-cache-published")
    page_unpublished.connect(invalidate, dispatch_uid="page-cache-unpublished")


def _cache_key(request, version: int) -> str:
    # The host is part of the key (validated first, in the middleware): belt and braces, as
    # pages take their absolute URLs from SITE_URL (marketplace/site_url.py).
    digest = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    return f"page:{version}:{request.method}:{digest}"


def _is_cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not _path_without_language(request.path).startswith(UNCACHED_PREFIXES)
    )


def _is_cacheable_response(response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not getattr(response, "streaming", False)
        and "Cookie" not in response.get("Vary", "")
        and "private" not in response.get("Cache-Control", "")
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Host validation first (Django's own comes later, in CommonMiddleware and views):
        # a bad Host gets 400 from Django's handler, never a cached page.
        request.get_host()
        if not _is_cacheable_request(request):
            return self.get_response(request)
        key = _cache_key(request, current_version())
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if _is_cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            patch_cache_control(response, public=True, max_age=60)
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
