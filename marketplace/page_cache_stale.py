"""Serving a stale copy while one visitor renders the page again (marketplace.page_cache).

The first request to find a page's stored copy stale claims its render (`render_claim`);
while the claim lasts, others asking for the page get that copy (`X-Page-Cache: stale`,
max-age 0 so that no browser or proxy keeps it), if `may_be_served`:
  * the copy was first found stale less than PAGE_CACHE_STALE_SECONDS ago (a mark per stored
    copy, so that a request still holding the previous copy cannot spend the window of the
    next one), and
  * no strict change (`invalidate_tags` without `stale_ok`: a page unpublished, an artisan's
    page published, a group suspended, a release) happened since the copy was stored.
Only a claim's holder releases it.
"""

import hashlib
import secrets
import time

from django.conf import settings
from django.core.cache import cache

STRICT_CHANGE_KEY = "page-cache-strict-change"  # a new value on every change not stale_ok
# A claim left by a request killed mid-render lets others render after this long; the window
# (counted from when the copy was first found stale) ends stale answers sooner anyway.
RENDER_CLAIM_SECONDS = 30
UNCLAIMED = "unclaimed"  # the window is 0: every request renders, nothing to release


def _window() -> int:
    return settings.PAGE_CACHE_STALE_SECONDS


def render_claim(key: str, entry) -> str | None:
    """Claim the render of the page under `key`, whose stored copy `entry` is stale: a token
    for the one request that renders it (the first to find it stale is marked now), None
    while another one holds the claim. Every request renders, without a claim, while the
    window is 0."""
    if _window() <= 0:
        return UNCLAIMED
    token = secrets.token_hex(8)
    if not cache.add(f"{key}:rendering", token, timeout=RENDER_CLAIM_SECONDS):
        return None
    _mark_first_seen(_copy_mark_key(key, entry))
    return token


def render_release(key: str, token: str) -> None:
    if token == UNCLAIMED:
        return
    claim_key = f"{key}:rendering"
    if cache.get(claim_key) == token:  # not a claim taken after ours expired
        cache.delete(claim_key)


def _copy_mark_key(key: str, entry) -> str:
    versions = entry[0]
    digest = hashlib.sha256(repr(sorted(versions.items())).encode()).hexdigest()[:16]
    return f"{key}:stale-since:{digest}"


def _mark_first_seen(mark_key: str) -> None:
    cache.add(mark_key, time.time(), timeout=settings.PAGE_CACHE_SECONDS)


def may_be_served(key: str, entry) -> bool:
    if _window() <= 0 or len(entry) < 3 or entry[2] is None:  # stored without a strict mark
        return False
    mark_key = _copy_mark_key(key, entry)
    _mark_first_seen(mark_key)
    found = cache.get_many([mark_key, STRICT_CHANGE_KEY])
    since = found.get(mark_key)
    return (
        since is not None
        and time.time() - since < _window()
        and found.get(STRICT_CHANGE_KEY) == entry[2]
    )
