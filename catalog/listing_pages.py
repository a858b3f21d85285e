"""Pagination of product listings whose cost does not grow with the catalogue.

A listing counts at most MAX_PAGES pages of products (`SELECT COUNT(*) FROM (... LIMIT n)`)
and serves at most that many pages, so the count and the deepest page read a bounded number
of index entries at 100 or 100,000 products. A listing with more says "more than N
products" and, on its last page, asks the buyer to narrow it with filters or a search.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from catalog.cards import CardRef, product_cards

MAX_PAGES = 40


class BoundedPaginator(Paginator):
    """A Paginator over the first `max_pages` pages of `object_list`."""

    def __init__(self, object_list: Any, per_page: int, *, max_pages: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.max_products = (max_pages or MAX_PAGES) * per_page

    @cached_property
    def _bounded_count(self) -> int:
        # One more than shown: tells "exactly N" from "more than N". A sliced queryset
        # counts in a subquery with LIMIT.
        # Unordered and narrow: any max_products + 1 rows will do.
        products: QuerySet[Any] = self.object_list  # type: ignore[assignment]
        return products.order_by().values("pk")[: self.max_products + 1].count()

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


def listing_page(products: Any, number: Any, request: Any, *, lead: bool = False) -> Page:
    """Page `number` (any value a query string holds) of a product listing, holding the
    products' cards (catalog.cards.ProductCard). `lead`: the listing opens the page, so its
    first cards are on the first screen (of every page of it)."""
    page = BoundedPaginator(products, settings.SHOP_PAGE_SIZE).get_page(number)
    refs: list[CardRef] = list(page.object_list)
    page.object_list = product_cards(refs, request, lead=lead)
    return page
