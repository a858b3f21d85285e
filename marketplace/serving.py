"""Serving a page without asking the database what almost never changes.

Wagtail's page view asks, on every request, which site answers the host and what its home
page is, the active locale (to pick the home page's translation), and, for view restrictions,
the page's ancestors and their restrictions: five queries before and after the page itself,
and a listing's `.public()` one more. Here they come from one record kept in the cache:

* the site for each host and port seen (Wagtail's own lookup, done once), with its home page;
* the paths of the pages that have a view restriction, and whether any page is an alias.

A page under no restricted page, on a site without aliases, has no restriction to check
(`may_be_restricted`); any other page is checked by Wagtail as before. A listing whose site
has no restriction at all skips `.public()` (`public`).

The record is kept under the version of its own tag (marketplace.page_cache), moved when a
site, a home page, an alias, a page's place in the tree or a view restriction changes, at once
and after commit: a record built from what was not committed yet is never read again.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname
from wagtail.signals import post_page_move

from marketplace import page_cache
from marketplace.django_private import wagtail_request_memo_set

SERVING_TAG = "serving"
# Its tags move when what it holds changes; this bounds how long a record stays if a move was
# lost (the cache failing at that moment), as PAGE_CACHE_SECONDS does for whole pages.
RECORD_TIMEOUT = 5 * 60
RECORD_VERSION = 1  # of ServingRecord's fields: a release that changes them reads no old one
# Hosts are validated (ALLOWED_HOSTS) before this runs, but a port is whatever the Host
# header says: the record keeps only so many host and port pairs.
MAX_HOSTS = 16
# Home pages sit at this depth of Wagtail's tree (under its root); a save of one changes
# what the record holds.
HOME_DEPTH = 2


@dataclass
class ServingRecord:
    restricted_paths: frozenset[str]
    aliases: bool
    sites: dict[tuple[str, int], Site | None] = field(default_factory=dict)


def _record_key() -> str | None:
    token = page_cache.kept_token(SERVING_TAG)  # (with the site's tag: a release moves it)
    return None if token is None else f"serving:v{RECORD_VERSION}:{token}"


def _record_built() -> ServingRecord:
    return ServingRecord(
        restricted_paths=frozenset(
            PageViewRestriction.objects.values_list("page__path", flat=True)
        ),
        aliases=Page.objects.filter(alias_of__isnull=False).exists(),
    )


# The record as read for the request being served (`serve`): a product page asks for it to
# find the site and again for each page whose restrictions it checks, one read is enough.
# None outside `serve` (a listing in another view, a task): read from the cache every time.
_request_memo: ContextVar[dict[str, tuple[str | None, ServingRecord]] | None] = ContextVar(
    "serving_record_memo", default=None
)


def _record() -> tuple[str | None, ServingRecord]:
    """The record, and its key (None when the cache cannot be trusted: built every time)."""
    memo = _request_memo.get()
    if memo is not None and "record" in memo:
        return memo["record"]
    key = _record_key()
    record = cache.get(key) if key is not None else None
    if record is None:
        record = _record_built()
        if key is not None:
            cache.set(key, record, RECORD_TIMEOUT)
    if memo is not None:
        memo["record"] = (key, record)
    return key, record


def may_be_restricted(page: Page) -> bool:
    """False when no view restriction can apply to `page` (none above it or on it, and no
    alias anywhere whose original could carry one)."""
    _key, record = _record()
    return record.aliases or any(page.path.startswith(path) for path in record.restricted_paths)


def public(pages: QuerySet) -> QuerySet:
    """`pages.public()`, without its query when no page has a view restriction."""
    _key, record = _record()
    return pages.public() if record.restricted_paths else pages  # type: ignore[attr-defined]


def site_for_request(request) -> Site | None:
    """The site that answers `request` (as Wagtail's `Site.find_for_request` finds it), with
    its home page as its own page class, from the record."""
    hostname = split_domain_port(request.get_host())[0]
    address = (hostname, int(request.get_port()))
    key, record = _record()
    if address in record.sites:
        return record.sites[address]
    try:
        site: Site | None = get_site_for_hostname(hostname, address[1])
    except Site.DoesNotExist:
        site = None
    if site is not None:
        site.root_page = site.root_page.specific
    if key is not None and len(record.sites) < MAX_HOSTS:
        record.sites[address] = site
        cache.set(key, record, RECORD_TIMEOUT)
    return site


def wagtail_urls_but_serve() -> list:
    """Wagtail's URL patterns without its page view (`serve` below takes its place)."""
    from wagtail import urls as wagtail_urls

    return [
        pattern
        for pattern in wagtail_urls.urlpatterns
        if getattr(pattern, "name", None) != "wagtail_serve"
    ]


def _route_below_home(request, home: Page, path: str):
    """The route of a page below the home page, found as the home page routes (through the
    English tree, marketplace.translations; Http404 when there is no such live page), or
    None for the home page itself (Wagtail serves it in the visitor's language)."""
    components = [component for component in path.split("/") if component]
    return home.route(request, components) if components else None


def serve(request, path: str):
    """Wagtail's page view, with the site, its home page and the route handed to it."""
    # Imported here: this module is imported while models load (marketplace.resources),
    # and these need them loaded.
    from wagtail import views as wagtail_views

    from marketplace.models import HomePage

    memo_token = _request_memo.set({})
    try:
        site = site_for_request(request)
        route = None
        if site is not None and isinstance(site.root_page, HomePage):
            route = _route_below_home(request, site.root_page, path)
        wagtail_request_memo_set(request, site=site, route=route)
        return wagtail_views.serve(request, path)
    finally:
        _request_memo.reset(memo_token)


def forget(**_kwargs) -> None:
    page_cache.invalidate_tags(SERVING_TAG)


def _restrictions_changed(**_kwargs) -> None:
    # Cached pages too: a page cached before its restriction must not be served after it.
    page_cache.invalidate_tags(SERVING_TAG, page_cache.SITE_TAG)


def _is_site_root(page: Page) -> bool:
    if page.depth is not None and page.depth <= HOME_DEPTH:
        return True
    # A site may be rooted deeper: is the page held in the record as one's root?
    key = _record_key()
    record = cache.get(key) if key is not None else None
    if record is None:
        return False
    return any(site is not None and site.root_page_id == page.pk for site in record.sites.values())


def _page_changed(instance, **_kwargs) -> None:
    if not isinstance(instance, Page):
        return
    if instance.alias_of_id or _is_site_root(instance):
        forget()


def connect_record_upkeep() -> None:
    """Forget the record when what it holds may have changed (MarketplaceConfig.ready)."""
    post_save.connect(forget, sender=Site, dispatch_uid="serving-site-save")
    post_delete.connect(forget, sender=Site, dispatch_uid="serving-site-delete")
    post_save.connect(_restrictions_changed, sender=PageViewRestriction, dispatch_uid="serving-pvr")
    post_delete.connect(
        _restrictions_changed, sender=PageViewRestriction, dispatch_uid="serving-pvr-delete"
    )
    # Any page model: the senders are the specific classes.
    post_save.connect(_page_changed, dispatch_uid="serving-page-save")
    post_delete.connect(_page_changed, dispatch_uid="serving-page-delete")
    post_page_move.connect(forget, dispatch_uid="serving-page-move")
