"""Reads for a product page: what it shows that a sale does not change (its group with its
terms, its photos, makers, techniques and makers' rates), kept in the cache under the tags that
move when it changes (catalog.page_cache_tags), and what is read on every render (variants,
stock, the photos' renditions)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from wagtail.images.models import Rendition

from catalog.makers.price_split import product_price_split
from catalog.makers.selectors import maker_rates_of_products
from catalog.models import (
    ArtisanPage,
    MakerRate,
    ProducerGroupPage,
    ProductImage,
    ProductPage,
    Technique,
)
from catalog.page_cache_tags import group_profile_tag, product_content_tag
from marketplace import page_cache


def producer_group_kept(group_id: int) -> ProducerGroupPage | None:
    """The group (with its commercial terms) as a product page shows it, kept until it or one
    of its artisans is published (its profile tag) or the site's tag moves (its terms changed:
    commission, suspension): one copy for all its products' pages, which a sale or a price
    change (the product's own tag) does not drop. CARD_CACHE_SECONDS=0: read every time."""
    group: ProducerGroupPage | None = page_cache.kept(
        f"group-kept:{group_id}",
        [group_profile_tag(group_id)],
        lambda: ProducerGroupPage.objects.select_related("terms").filter(pk=group_id).first(),
        settings.CARD_CACHE_SECONDS,
    )
    return group


@dataclass
class ProductContent:
    """What a product page shows that only a publish (or a change of its makers' rates or
    its group's artisans) changes, and a sale does not."""

    gallery: list[ProductImage]  # with their images; the renditions are read per request
    techniques: list[Technique]
    named_artisans: list[ArtisanPage]  # artisans without consent are counted, never named
    unnamed_artisan_count: int
    rates: list[MakerRate]


def _product_content(
    product: ProductPage, shown: ProductPage, *, preview: bool = False
) -> ProductContent:
    # (Filtered here, not with .live(): an editor's preview holds its makers in memory.)
    credited = [artisan for artisan in product.artisans.all() if artisan.live]
    # A preview's photos are the draft's, in memory; otherwise read without the page each
    # photo would carry (through its relation) into the kept copy.
    photos = (
        shown.gallery_images.all()
        if preview
        else ProductImage.objects.filter(product_id=shown.pk).order_by("sort_order")
    )
    return ProductContent(
        gallery=list(photos.select_related("image")),
        techniques=list(shown.techniques.all()),
        named_artisans=[artisan for artisan in credited if artisan.is_public],
        unnamed_artisan_count=sum(1 for artisan in credited if not artisan.is_public),
        rates=maker_rates_of_products([product.pk], with_artisans=False).get(product.pk, []),
    )


# The tags key the content; this bounds how long it stays if a move was lost (the cache failing
# at that moment): a maker's withdrawn consent must not wait for CARD_CACHE_SECONDS.
PRODUCT_CONTENT_SECONDS = 5 * 60


def product_content_kept(product: ProductPage, shown: ProductPage) -> ProductContent:
    """`product`'s content as its page in the language of `shown` (its translation, whose
    photos carry captions in that language) shows it: read once and kept until the product
    is published (either language) or its makers' rates change (its content tag), or one of
    its group's artisans is published (the group's profile tag). CARD_CACHE_SECONDS=0: read
    every time."""
    content: ProductContent = page_cache.kept(
        f"product-content:v1:{product.pk}:{shown.pk}",
        [product_content_tag(product.pk), group_profile_tag(product.producer_group_id or 0)],
        lambda: _product_content(product, shown),
        min(settings.CARD_CACHE_SECONDS, PRODUCT_CONTENT_SECONDS),
    )
    return content


def _with_renditions(gallery: list[ProductImage]) -> list[ProductImage]:
    """The photos with every rendition of their images, in one query. Read on every request,
    not kept with the photos: a rendition made after they were kept (a new photo's sizes are
    made by its first view) would be looked up one by one on every view."""
    prefetch_related_objects(
        [photo.image for photo in gallery],
        Prefetch("renditions", queryset=Rendition.objects.all()),
    )
    return gallery


def product_detail_context(
    product: ProductPage, *, photos_of: ProductPage | None = None, preview: bool = False
) -> dict[str, Any]:
    """Everything the product page shows: variants with the group's share, gallery, artisans.

    `photos_of`: the translation being shown, whose photos carry captions in its language;
    `preview`: an editor's draft, whose photos and makers are not the kept ones."""
    variants = list(product.variants.filter(is_active=True))  # (stock: read every time)
    for variant in variants:
        variant.breakdown = product.price_breakdown(variant.price)
    cheapest = min(variants, key=lambda variant: variant.price) if variants else None
    shown = photos_of or product
    content = (
        _product_content(product, shown, preview=True)
        if preview
        else product_content_kept(product, shown)
    )
    return {
        "variants": variants,
        "breakdown": cheapest.breakdown if cheapest else None,
        # Where each rupee of the cheapest piece goes, makers first (catalog.makers).
        "price_split": (
            product_price_split(product, cheapest.price, content.rates) if cheapest else None
        ),
        "in_stock": any(variant.in_stock for variant in variants),
        "gallery": _with_renditions(content.gallery),
        "techniques": content.techniques,
        "named_artisans": content.named_artisans,
        "unnamed_artisan_count": content.unnamed_artisan_count,
        "group": product.producer_group,
    }
