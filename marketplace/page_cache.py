"""Whole-page cache for anonymous visitors of catalog pages, invalidated by tag.

The Host header is validated before anything is served (a bad one gets 400), and cached
pages hold no URL built from it.

Every cached page is stored with the versions of the tags it depends on, and served only
while they are all unchanged. A page depends on the `site` tag and on the tags its view
declares with `cache_tags_add` (a product page: its product and its group's profile; a group
page: that group page; a shop listing: `listing`, which moves when what is listed or its order
may have changed, and the `card:<id>` of each product it shows); a page that declares none
(the home page, melas, artisans) depends on `listing` and `cards`, which moves whenever any
product card may have changed. Invalidating a
tag gives it a new random version, at once and again after commit: a visitor who renders a
page between the two (seeing the not yet committed state) cannot leave a stale copy behind.
A render during which any tag changed is not stored (the `last change` check), so a page is
never stored under versions newer than what it shows.

So a sale that moves a stock band makes only that product's page stale (and, when its card
changed, its group page and the listings); a publish, that page's and the listings. Changes
that touch every page (commission, a group suspended, a mela's stalls) invalidate `site`.
Cart and checkout are never cached and always read live stock, so a cached page can never
sell what is gone.

A buyer with a cart has a session but is not signed in: the public pages are the same for her
(the header's cart count comes from a cookie, filled in by a script), so she is served and may
store cached pages like any visitor. A signed-in user (a session holding a user) never is.
A response that set a cookie or varies on it (the session or the CSRF token was used) is never
stored, whoever asked for it.

A stale page is rendered again by one visitor at a time (`render_claim`): while she renders
it, others asking for it are served the copy it replaces (`X-Page-Cache: stale`, max-age 0),
but never more than PAGE_CACHE_STALE_SECONDS after that copy was first found stale, and only
after changes that may be seen a moment late (`invalidate_tags(..., stale_ok=True)`: a sale or
stock change, a product published). After any other change (a maker's rate, a page
unpublished, an artisan's page published, a group suspended, a release, ...) no copy stored
before it is served stale. Without this, after a publish every connection asking for the
shop's busiest pages rendered them at once, each render slowed by the others. A page with no
stored copy is rendered by everyone who asks.
"""

import hashlib
import secrets
from collections.abc import Callable, Iterable
from functools import cache as memoize
from importlib import import_module
from typing import TypeVar

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import patch_cache_control

from marketplace import page_cache_stale
from marketplace.page_cache_stale import STRICT_CHANGE_KEY

T = TypeVar("T")

SITE_TAG = "site"
LISTING_TAG = "listing"
CARDS_TAG = "cards"
VERSION_KEY = "page-cache-version"  # the `site` tag's version
LAST_CHANGE_KEY = "page-cache-last-change"  # a new value on every invalidation
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
REQUEST_TAGS_ATTRIBUTE = "page_cache_tags"

# Apps tell which tags a publish or unpublish of their pages touches (catalog.apps); a page
# no function claims invalidates the whole site.
PublishTags = Callable[[object], Iterable[str] | None]
_publish_tag_functions: list[PublishTags] = []


def _path_without_language(path: str) -> str:
    for prefix in LANGUAGE_PREFIXES:
        if path.startswith(prefix):
            return path[len(prefix) - 1 :]
    return path


def _tag_key(tag: str) -> str:
    return VERSION_KEY if tag == SITE_TAG else f"page-cache-tag:{tag}"


def _new_version() -> str:
    return secrets.token_hex(8)


def current_version() -> str:
    """The `site` tag's version, for caches that must go stale with the whole site."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), timeout=None)
        version = cache.get(VERSION_KEY, "")
    return str(version)


def tag_versions(tags: Iterable[str]) -> dict[str, str]:
    """The current version of each of `tags` and of the site tag, in one cache read. A tag
    not in the cache yet gets a version now."""
    keys = {tag: _tag_key(tag) for tag in (SITE_TAG, *tags)}
    wanted = sorted(set(keys.values()))
    found = cache.get_many(wanted)
    missing = [key for key in wanted if key not in found]
    if missing:
        for key in missing:
            cache.add(key, _new_version(), timeout=None)
        found.update(cache.get_many(missing))
    return {tag: str(found.get(key, "")) for tag, key in keys.items()}


@memoize
def template_version(name: str) -> str:
    """A digest of template `name`'s source: part of the key of a kept fragment, so that a
    release that changes the markup does not serve the old release's copies."""
    from django.template.loader import get_template

    source = get_template(name).template.source  # type: ignore[attr-defined]
    return hashlib.sha256(source.encode()).hexdigest()[:12]


def _joined(versions: dict[str, str]) -> str:
    return "-".join(versions[tag] for tag in sorted(versions))


def tags_token(*tags: str) -> str:
    """A value that changes whenever the site or one of `tags` is invalidated: part of the key
    of a cache (not a page) that must go stale with them."""
    return _joined(tag_versions(tags))


def kept_token(*tags: str) -> str | None:
    """`tags_token`, or None when a version cannot be read (the cache is down or failing):
    then nothing may be kept under it, nor read, as a lost version would be read as new."""
    versions = tag_versions(tags)
    return _joined(versions) if all(versions.values()) else None


def kept(name: str, tags: Iterable[str], make: Callable[[], T], seconds: int) -> T:
    """`make()`, kept in the cache under `name` and the versions of the site and `tags` for at
    most `seconds`: read again once one of them is invalidated. Made every time while the
    versions cannot be read; a None made is not kept."""
    token = kept_token(*tags)
    key = f"{name}:{token}" if token else None
    value = cache.get(key) if key else None
    if value is None:
        value = make()
        if key and value is not None:
            cache.set(key, value, seconds)
    return value


def _bump(tags: tuple[str, ...], stale_ok: bool) -> None:
    versions = {_tag_key(tag): _new_version() for tag in tags}
    versions[LAST_CHANGE_KEY] = _new_version()
    if not stale_ok:
        versions[STRICT_CHANGE_KEY] = versions[LAST_CHANGE_KEY]
    cache.set_many(versions, timeout=None)


def invalidate_tags(*tags: str, stale_ok: bool = False) -> None:
    """Make every cached page that depends on one of `tags` stale, now and after commit.
    `stale_ok`: while one visitor renders such a page again, others may get the copy it
    replaces for a moment (marketplace.page_cache_stale); without it, never."""
    if not tags:
        return
    _bump(tags, stale_ok)
    transaction.on_commit(lambda: _bump(tags, stale_ok))


def invalidate(**_kwargs) -> None:
    """Make every cached page stale (commission or status of a group, melas, bulk loads)."""
    invalidate_tags(SITE_TAG)


def cache_tags_add(request, *tags: str) -> None:
    """Declare that the page being rendered for `request` depends on `tags` (instead of the
    catalog `listing` version); call it before reading what the page shows."""
    declared: set[str] = getattr(request, REQUEST_TAGS_ATTRIBUTE, set())
    setattr(request, REQUEST_TAGS_ATTRIBUTE, declared | set(tags))


def publish_tags_register(function: PublishTags) -> None:
    """`function(page)` returns the tags a publish or unpublish of `page` makes stale, or
    None for pages it does not know."""
    if function not in _publish_tag_functions:
        _publish_tag_functions.append(function)


# Pages whose publish (not unpublish) may be seen a moment late (catalog.apps: products).
_stale_ok_publish_types: list[type] = []


def stale_ok_on_publish(page_type: type) -> None:
    if page_type not in _stale_ok_publish_types:
        _stale_ok_publish_types.append(page_type)


def _page_changed(instance=None, stale_ok: bool = False, **_kwargs) -> None:
    for function in _publish_tag_functions:
        tags = function(instance)
        if tags is not None:
            invalidate_tags(*tags, stale_ok=stale_ok)
            return
    invalidate()


def _alias_converted(sender, instance=None, update_fields=None, **_kwargs) -> None:
    """Wagtail makes an alias a page of its own (for a translation: one that routing found
    absent) by saving its `alias_of_id` alone, from the admin's view and from its API, and
    sends no publish signal."""
    if update_fields is not None and set(update_fields) == {"alias_of_id"}:
        _page_changed(instance)


def _page_published(instance=None, **kwargs) -> None:
    _page_changed(instance, stale_ok=isinstance(instance, tuple(_stale_ok_publish_types)))


def connect_publish_invalidation() -> None:
    """Wagtail publishes from many places (editor, workflow approval, scheduler, revert); its
    signals are the one place all of them pass through. This is cache upkeep, not a business
    step, which is why a signal is acceptable here."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.images.models import Rendition
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    page_published.connect(_page_published, dispatch_uid="page-cache-published")
    page_unpublished.connect(_page_changed, dispatch_uid="page-cache-unpublished")
    # A move changes the URLs of a page and everything below it, wherever they are linked.
    post_page_move.connect(invalidate, dispatch_uid="page-cache-moved")
    # So does a new slug (Wagtail rewrites the descendants' url_path without a move signal).
    page_slug_changed.connect(invalidate, dispatch_uid="page-cache-slug-changed")
    post_save.connect(_alias_converted, dispatch_uid="page-cache-alias-converted")
    # A rendition deleted (its image deleted, or its original re-saved without metadata)
    # leaves kept pages and fragments pointing at a file that is gone.
    post_delete.connect(invalidate, sender=Rendition, dispatch_uid="page-cache-rendition")


def page_key(request) -> str:
    """The cache key of the page `request` asks for."""
    # The host is part of the key (validated first, in the middleware): belt and braces, as
    # pages take their absolute URLs from SITE_URL (marketplace/site_url.py).
    digest = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    # The prefix names the entries' shape ((versions, response, strict change)): change it
    # with the shape, so that a release still serving beside this one never reads the other's.
    return f"page:v2:{request.method}:{digest}"


def _stored(key: str, versions: dict[str, str], strict_change, response) -> None:
    cache.set(key, (versions, response, strict_change), settings.PAGE_CACHE_SECONDS)


@memoize
def _session_store_class():
    return import_module(settings.SESSION_ENGINE).SessionStore


def _is_signed_in(request) -> bool:
    """Whether the request's session holds a signed-in user (a cart alone does not). Reads
    the session (cached_db: one cache read) only when there is a session cookie."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return False
    return SESSION_KEY in _session_store_class()(session_key)


def _is_cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.COOKIES.get("messages")  # a message to show (an emptied one is not)
        and not _path_without_language(request.path).startswith(UNCACHED_PREFIXES)
        and not _is_signed_in(request)
    )


def _is_cacheable_response(response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not getattr(response, "streaming", False)
        and "Cookie" not in response.get("Vary", "")
        and "private" not in response.get("Cache-Control", "")
    )


def _fresh(entry) -> bool:
    versions = entry[0]
    return cache.get_many(list(versions)) == versions


def _versions_to_store(request, last_change_before) -> tuple[dict[str, str], object] | None:
    """The versions of the tags the page depends on and the last strict change's mark, or None
    when one changed while it was rendered. A tag not in the cache yet (first visit, or evicted)
    gets a version now: a change during the render would have moved the last-change mark
    checked first, so the page may be stored under it (re-read, as a concurrent request may
    have added it first)."""
    declared = getattr(request, REQUEST_TAGS_ATTRIBUTE, None)
    tags = {SITE_TAG, *(declared or {LISTING_TAG, CARDS_TAG})}
    keys = [_tag_key(tag) for tag in tags]
    # The strict mark too, so that a copy is never stored under "none yet" (an evicted mark
    # would read the same).
    needed = [*keys, STRICT_CHANGE_KEY]
    found = cache.get_many([*needed, LAST_CHANGE_KEY])
    if found.get(LAST_CHANGE_KEY) != last_change_before:
        return None
    missing = [key for key in needed if key not in found]
    if missing:
        for key in missing:
            cache.add(key, _new_version(), timeout=None)
        found.update(cache.get_many(missing))
        if any(key not in found for key in needed):
            return None
    return {key: found[key] for key in keys}, found[STRICT_CHANGE_KEY]


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Host validation first (Django's own comes later, in CommonMiddleware and views):
        # a bad Host gets 400 from Django's handler, never a cached page.
        request.get_host()
        if not _is_cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        # The last change's mark is read with the entry (one round trip): a miss needs it from
        # before its render, and reading it earlier only makes the check stricter.
        found = cache.get_many([key, LAST_CHANGE_KEY])
        entry, last_change = found.get(key), found.get(LAST_CHANGE_KEY)
        if entry is None:
            return self._rendered(request, key, last_change)
        if _fresh(entry):
            return _served(entry, "hit")
        claim = page_cache_stale.render_claim(key, entry)
        if claim is None:
            if page_cache_stale.may_be_served(key, entry):
                stale = _served(entry, "stale")
                patch_cache_control(stale, max_age=0)  # kept by no browser or proxy
                return stale
            return self._rendered(request, key, last_change)
        try:
            return self._rendered(request, key, last_change)
        finally:
            page_cache_stale.render_release(key, claim)

    def _rendered(self, request, key: str, last_change_before):
        response = self.get_response(request)
        if _is_cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            patch_cache_control(response, public=True, max_age=60)
            to_store = _versions_to_store(request, last_change_before)
            if to_store is not None:
                _stored(key, *to_store, response)
            response["X-Page-Cache"] = "miss"
        return response


def _served(entry, how: str):
    cached = entry[1]
    cached["X-Page-Cache"] = how
    return cached
