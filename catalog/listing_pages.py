"""Pagination of product listings whose cost does not grow with the catalogue.

A listing holds at most MAX_PAGES pages of products and serves at most that many pages: its
rows are read as one bounded list (`SELECT id, group ... LIMIT n`, product and group ids in the
listing's order), which gives the count and every page, so page 1 and page 40 cost the same at
100 or 100,000 products. A listing with more says "more than N products" and, on its last
page, asks the buyer to narrow it with filters or a search.

The list is kept in the cache per listing (path and query, without the page number) under the
versions of the tags that move whenever what that listing holds or its order may have changed
(the shop's `listing`, and `search` for a search; a group page's own tag): the pages of a
listing and its repeat visits read it once, not on every render.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from catalog.cards import CardRef, product_cards
from marketplace import page_cache

MAX_PAGES = 40
# The tags key the list; this bounds how long one stays if a change moved no tag (as the
# page cache's own PAGE_CACHE_SECONDS does for whole pages).
ROWS_CACHE_SECONDS = 5 * 60


class BoundedPaginator(Paginator):
    """A Paginator over the first `max_pages` pages of `object_list`."""

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        *,
        max_pages: int | None = None,
        rows_name: str | None = None,
        rows_tags: Sequence[str] = (),
    ) -> None:
        super().__init__(object_list, per_page)
        self.max_products = (max_pages or MAX_PAGES) * per_page
        # Where the listing's rows are kept (marketplace.page_cache.kept), under the versions
        # of `rows_tags`; None: read every time.
        self.rows_name = rows_name
        self.rows_tags = rows_tags

    @cached_property
    def _rows(self) -> list[tuple[int, int | None]]:
        """(product id, group id) of the listing's first products, in its order: one more
        than the pages show, which tells "exactly N" from "more than N"."""
        if self.rows_name is None:
            return self._rows_read()
        return page_cache.kept(self.rows_name, self.rows_tags, self._rows_read, ROWS_CACHE_SECONDS)

    def _rows_read(self) -> list[tuple[int, int | None]]:
        products: QuerySet[Any] = self.object_list  # type: ignore[assignment]
        return list(products.values_list("pk", "producer_group_id")[: self.max_products + 1])

    @cached_property
    def count(self) -> int:
        return min(len(self._rows), self.max_products)

    @property
    def is_capped(self) -> bool:
        """More products match than the pages show."""
        return len(self._rows) > self.max_products

    def page(self, number: Any) -> Page:
        """The page's products, as `CardRef`s in the listing's order. Their cards come from
        catalog.cards."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = self._rows[bottom : bottom + self.per_page]
        return Page([CardRef(pk, group_id) for pk, group_id in rows], number, self)


def _rows_name(request: Any, listing_query: str) -> str:
    listing = hashlib.sha256(f"{request.path}?{listing_query}".encode()).hexdigest()
    return f"listing-rows:{listing}"


def listing_page(
    products: Any,
    number: Any,
    request: Any,
    *,
    listing_tags: Sequence[str],
    listing_query: str = "",
    lead: bool = False,
) -> Page:
    """Page `number` (any value a query string holds) of a product listing, holding the
    products' cards (catalog.cards.ProductCard). `listing_tags`: the page cache tags that move
    whenever what this listing holds or its order may change; `listing_query`: the filters and
    sort that choose it, as a normalised query string (the rows are kept under both).
    `lead`: the listing opens the page, so its first cards are on the first screen (of every
    page of it)."""
    paginator = BoundedPaginator(
        products,
        settings.SHOP_PAGE_SIZE,
        rows_name=_rows_name(request, listing_query),
        rows_tags=listing_tags,
    )
    page = paginator.get_page(number)
    refs: list[CardRef] = list(page.object_list)
    page.object_list = product_cards(refs, request, lead=lead)
    return page
