"""Which cached pages show a product or a group (marketplace.page_cache tags), and what a
change to them makes stale: the product's page in both languages (one tag, by the source
product's id), its group's page, and, when its card changed, the listings.

A publish of a product makes stale the pages that show its card (`card:<id>`: the shop pages
it is on, and pages that show cards without saying which, through `cards`) and the search
results (its text may have changed); the other shop pages only when what they list or its
order may have changed: the product went live or off, or its title (an order), craft or group
(filters) changed. That is told by a fingerprint of those fields kept in the cache beside the
page versions; a fingerprint missing (evicted) counts as a change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction

from marketplace import page_cache
from marketplace.translations import source_page

SEARCH_TAG = "search"


def product_tag(product_id: int) -> str:
    return f"product:{product_id}"


def product_content_tag(product_id: int) -> str:
    """What a publish of the product (either language) or its makers' rates change on its
    page, and a sale does not: photos, makers, techniques, the price split's rates."""
    return f"product-content:{product_id}"


def card_tag(product_id: int) -> str:
    """The product's card, wherever a listing shows it."""
    return f"card:{product_id}"


def listing_tags(products: Iterable[Any], *, search: bool) -> list[str]:
    """What a shop listing page shows: the listing (what is listed, in which order), each
    card on it, and for a search, the products' searchable text."""
    tags = [page_cache.LISTING_TAG, *(card_tag(product.pk) for product in products)]
    if search:
        tags.append(SEARCH_TAG)
    return tags


def group_page_tag(group_id: int) -> str:
    """The group's own page (its profile, artisans and product cards)."""
    return f"group-page:{group_id}"


def group_profile_tag(group_id: int) -> str:
    """What every product page of the group shows of it (name, place, artisans' names)."""
    return f"group-profile:{group_id}"


def product_pages_invalidate(*, product_id: int, group_id: int | None, card_changed: bool) -> None:
    """After a change to a product's stock band or price: its page; its card's pages too
    when the card changed (price from, in stock, photo). While one visitor renders such a
    page again, others may get the copy it replaces for a moment: checkout reads live stock
    and prices, so nothing is sold on the strength of it."""
    tags = [product_tag(product_id)]
    if card_changed:
        tags += [card_tag(product_id), page_cache.LISTING_TAG]
        if group_id is not None:
            tags.append(group_page_tag(group_id))
    page_cache.invalidate_tags(*tags, stale_ok=True)


def maker_rates_changed(*product_ids: int | None) -> None:
    """After makers' rates of these products were added, changed or deleted: their pages
    (the price split shows what the makers get)."""
    tags = [
        tag
        for product_id in dict.fromkeys(product_ids)
        if product_id is not None
        for tag in (product_tag(product_id), product_content_tag(product_id))
    ]
    page_cache.invalidate_tags(*tags)


def maker_rate_saved_or_deleted(instance, **_kwargs) -> None:
    maker_rates_changed(instance.product_id)


# The live groups' names and places, which the shop's filter form offers (catalog.selectors).
GROUPS_TAG = "groups"


def publish_tags(page: object) -> Iterable[str] | None:
    """The tags a publish or unpublish of a catalog page makes stale (None: not ours)."""
    # Imported here: this module is imported by catalog.apps before the models are ready.
    from catalog.models import ArtisanPage, ProducerGroupPage, ProductPage

    if isinstance(page, ProductPage):
        product = source_page(page)
        tags = [
            product_tag(product.pk),
            product_content_tag(product.pk),
            card_tag(product.pk),
            page_cache.CARDS_TAG,
            SEARCH_TAG,
        ]
        if product.producer_group_id:
            tags.append(group_page_tag(product.producer_group_id))
        if _listed_as_changed(page):
            tags.append(page_cache.LISTING_TAG)
        return tags
    if isinstance(page, ProducerGroupPage):
        group_id = source_page(page).pk
        return [
            group_page_tag(group_id),
            group_profile_tag(group_id),
            page_cache.LISTING_TAG,
            GROUPS_TAG,
        ]
    if isinstance(page, ArtisanPage):
        group_id = source_page(page).producer_group_id
        tags = [page_cache.LISTING_TAG]
        if group_id:
            tags += [group_page_tag(group_id), group_profile_tag(group_id)]
        return tags
    return None


def _listed_as_changed(page: Any) -> bool:
    """Whether a publish or unpublish of `page` (either language) may change what the shop
    lists or its order; remembers the new fingerprint (now and after commit, like the tags:
    a publish rolled back leaves at worst a listing page stale until PAGE_CACHE_SECONDS)."""
    # (Not the first publication date, which orders "newest": it only moves when it goes live.)
    # The techniques, which the shop filters by (a revision's page holds them: no query).
    techniques = sorted(technique.pk for technique in page.techniques.all())
    listed = f"{page.live}|{page.title}|{page.category_id}|{page.producer_group_id}|{techniques}"
    fingerprint = hashlib.sha256(listed.encode()).hexdigest()
    key = f"page-cache-listed:{page.pk}"
    if cache.get(key) == fingerprint:
        return False

    def remember() -> None:
        cache.set(key, fingerprint, timeout=None)

    remember()
    transaction.on_commit(remember)
    return True
