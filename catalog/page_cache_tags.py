"""Which cached pages show a product or a group (marketplace.page_cache tags), and what a
change to them makes stale: the product's page in both languages (one tag, by the source
product's id), its group's page, and, when its card changed, the listings."""

from __future__ import annotations

from collections.abc import Iterable

from marketplace import page_cache
from marketplace.translations import source_page


def product_tag(product_id: int) -> str:
    return f"product:{product_id}"


def group_page_tag(group_id: int) -> str:
    """The group's own page (its profile, artisans and product cards)."""
    return f"group-page:{group_id}"


def group_profile_tag(group_id: int) -> str:
    """What every product page of the group shows of it (name, place, artisans' names)."""
    return f"group-profile:{group_id}"


def product_pages_invalidate(*, product_id: int, group_id: int | None, card_changed: bool) -> None:
    """After a change to a product's stock band or price: its page; its card's pages too
    when the card changed (price from, in stock, photo)."""
    tags = [product_tag(product_id)]
    if card_changed:
        tags.append(page_cache.LISTING_TAG)
        if group_id is not None:
            tags.append(group_page_tag(group_id))
    page_cache.invalidate_tags(*tags)


# The live groups' names and places, which the shop's filter form offers (catalog.selectors).
GROUPS_TAG = "groups"


def publish_tags(page: object) -> Iterable[str] | None:
    """The tags a publish or unpublish of a catalog page makes stale (None: not ours)."""
    # Imported here: this module is imported by catalog.apps before the models are ready.
    from catalog.models import ArtisanPage, ProducerGroupPage, ProductPage

    if isinstance(page, ProductPage):
        product = source_page(page)
        tags = [product_tag(product.pk), page_cache.LISTING_TAG]
        if product.producer_group_id:
            tags.append(group_page_tag(product.producer_group_id))
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
