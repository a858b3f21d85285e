"""Pagination of product listings whose cost does not grow with the catalogue.

A listing counts at most MAX_PAGES pages of products (`SELECT COUNT(*) FROM (... LIMIT n)`)
and serves at most that many pages, so the count and the deepest page read a bounded number
of index entries at 100 or 100,000 products. A listing with more says "more than N
products" and, on its last page, asks the buyer to narrow it with filters or a search.

The count is kept in the cache per listing (path and query, without the page number) under the
versions of the tags that move whenever what that listing holds may have changed (the shop's
`listing` and `search`, a group page's own tag), so the pages of a listing and its repeat
visits count once, not on every render.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from catalog.cards import CardRef, product_cards
from marketplace import page_cache

MAX_PAGES = 40
# The tags key the count; this only bounds how long an unused one stays.
COUNT_CACHE_SECONDS = 60 * 60


class BoundedPaginator(Paginator):
    """A Paginator over the first `max_pages` pages of `object_list`."""

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        *,
        max_pages: int | None = None,
        count_key: str | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        self.max_products = (max_pages or MAX_PAGES) * per_page
        self.count_key = count_key  # where the count is kept (None: counted every time)

    @cached_property
    def _bounded_count(self) -> int:
        if self.count_key is not None:
            kept = cache.get(self.count_key)
            if kept is not None:
                return int(kept)
        # One more than shown: tells "exactly N" from "more than N". A sliced queryset
        # counts in a subquery with LIMIT.
        # Unordered and narrow: any max_products + 1 rows will do.
        products: QuerySet[Any] = self.object_list  # type: ignore[assignment]
        counted = products.order_by().values("pk")[: self.max_products + 1].count()
        if self.count_key is not None:
            cache.set(self.count_key, counted, COUNT_CACHE_SECONDS)
        return counted

    @cached_property
    def count(self) -> int:
        return min(self._bounded_count, self.max_products)

    @property
    def is_capped(self) -> bool:
        """More products match than the pages show."""
        return self._bounded_count > self.max_products

    def page(self, number: Any) -> Page:
        """The page's products, as `CardRef`s in the listing's order: narrow rows, which the
        database sorts or reads from an index cheaply, however deep the page. Their cards
        come from catalog.cards."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        products: QuerySet[Any] = self.object_list  # type: ignore[assignment]
        rows = products.values_list("pk", "producer_group_id")[bottom : bottom + self.per_page]
        return Page([CardRef(pk, group_id) for pk, group_id in rows], number, self)


def _count_key(request: Any, tags: Sequence[str]) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    listing = hashlib.sha256(f"{request.path}?{query.urlencode()}".encode()).hexdigest()
    return f"listing-count:{listing}:{page_cache.tags_token(*tags)}"


def listing_page(
    products: Any, number: Any, request: Any, *, count_tags: Sequence[str], lead: bool = False
) -> Page:
    """Page `number` (any value a query string holds) of a product listing, holding the
    products' cards (catalog.cards.ProductCard). `count_tags`: the page cache tags that move
    whenever what this listing holds may change (its count is kept under their versions).
    `lead`: the listing opens the page, so its first cards are on the first screen (of every
    page of it)."""
    paginator = BoundedPaginator(
        products, settings.SHOP_PAGE_SIZE, count_key=_count_key(request, count_tags)
    )
    page = paginator.get_page(number)
    refs: list[CardRef] = list(page.object_list)
    page.object_list = product_cards(refs, request, lead=lead)
    return page
