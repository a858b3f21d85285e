"""Keeps catalog.models.listing.ProductListing in step with the product it summarises.

Called inside the transaction that changes what a listing shows: a stock change that moves a
variant's stock band (catalog.services._stock_change, so every sale, cancellation, return,
stall sale and staff count), a save of the stock screen (prices, variants on or off sale), a
publish or unpublish (title, photo, craft). Each returns whether a product card changed, so
callers invalidate listings only when they must (catalog.page_cache_tags).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import (
    Count,
    Exists,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
)

from catalog.models import ProductImage, ProductListing, ProductPage, ProductVariant
from catalog.models.products import stock_band
from marketplace.translations import is_source

# What a product card shows or is ordered by (templates/includes/product_card.html); the
# stock band is for the product page, which is invalidated on its own.
CARD_FIELDS = ("on_sale", "price_from", "in_stock", "card_image_id", "published_at")
REBUILD_BATCH = 2000
# (product page, listing, variant, product image) model classes.
ListingModels = tuple[Any, Any, Any, Any]


def _variant_totals(product: Any) -> dict[str, Any]:
    """Aggregates over the variants of `product` (an id, or OuterRef to one)."""
    variants = ProductVariant.objects.filter(product_id=product).order_by().values("product_id")

    def total(expression: Any) -> Subquery:
        return Subquery(variants.annotate(value=expression).values("value")[:1])

    on_sale = Q(is_active=True)
    buyable = Q(is_active=True, stock__gt=0)
    return {
        "active": total(Count("pk", filter=on_sale)),
        "price_from": total(Min("price", filter=on_sale)),
        "buyable": total(Count("pk", filter=buyable)),
        "units": total(Sum("stock", filter=buyable)),
    }


def _variant_summary_from(totals: dict[str, Any]) -> dict[str, Any]:
    in_stock = bool(totals["buyable"])
    return {
        "on_sale": bool(totals["active"]),
        "price_from": totals["price_from"],
        "in_stock": in_stock,
        "stock_band": stock_band(totals["units"]) if in_stock else None,
    }


def _card_fields(listing: ProductListing | None) -> tuple[Any, ...] | None:
    return None if listing is None else tuple(getattr(listing, name) for name in CARD_FIELDS)


def _variant_summary(product_id: int) -> dict[str, Any]:
    totals = ProductVariant.objects.filter(product_id=product_id).aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        price_from=Min("price", filter=Q(is_active=True)),
        buyable=Count("pk", filter=Q(is_active=True, stock__gt=0)),
        units=Sum("stock", filter=Q(is_active=True, stock__gt=0)),
    )
    return _variant_summary_from(totals)


def listing_stock_refresh(*, product_id: int) -> bool:
    """Rewrite the variant part of a product's summary (after a stock or price change), in
    one read (the row with its variants' totals) and at most one write; checkout runs this
    whenever a sale moves a stock band. True when its card changed."""
    totals = {f"new_{name}": value for name, value in _variant_totals(OuterRef("pk")).items()}
    listing = ProductListing.objects.filter(pk=product_id).annotate(**totals).first()
    if listing is None:
        return listing_summary_refresh(product_id=product_id)
    before = _card_fields(listing)
    summary = _variant_summary_from(
        {
            name: getattr(listing, f"new_{name}")
            for name in ("active", "price_from", "buyable", "units")
        }
    )
    if all(getattr(listing, name) == value for name, value in summary.items()):
        return False
    for name, value in summary.items():
        setattr(listing, name, value)
    listing.save(update_fields=list(summary))
    return _card_fields(listing) != before


def listing_summary_refresh(*, product_id: int) -> bool:
    """Rewrite a product's whole summary from its page, live gallery and variants (after a
    publish, or when it has none yet). True when its card changed. Translations have none:
    their listings show the source product."""
    page = (
        ProductPage.objects.filter(pk=product_id)
        .values("producer_group_id", "category_id", "first_published_at", "translation_key")
        .first()
    )
    if page is None:
        return False
    photo = (
        ProductImage.objects.filter(product_id=product_id)
        .order_by("sort_order", "pk")
        .values("image_id", "alt_text")
        .first()
    )
    fields = {
        "producer_group_id": page["producer_group_id"],
        "category_id": page["category_id"],
        "published_at": page["first_published_at"],
        "card_image_id": photo["image_id"] if photo else None,
        "card_image_alt": photo["alt_text"] if photo else "",
        **_variant_summary(product_id),
    }
    before = _card_fields(ProductListing.objects.filter(pk=product_id).first())
    listing, _created = ProductListing.objects.update_or_create(
        product_id=product_id, defaults=fields
    )
    return _card_fields(listing) != before


def listing_summaries_rebuild(
    *, product_ids: Iterable[int] | None = None, models: ListingModels | None = None
) -> int:
    """Rebuild the summaries of `product_ids` (every product by default) in a few set-wise
    queries per batch; for backfills and bulk loads. Returns the number written.

    `models`: the data migration's historical models (the real ones by default)."""
    product_model, listing_model, variant_model, image_model = models or (
        ProductPage,
        ProductListing,
        ProductVariant,
        ProductImage,
    )
    products = product_model.objects.all()
    if product_ids is not None:
        products = products.filter(pk__in=list(product_ids))
    active = variant_model.objects.filter(product=OuterRef("pk"), is_active=True)
    first_photo = image_model.objects.filter(product=OuterRef("pk")).order_by("sort_order", "pk")
    rows = products.annotate(
        summary_on_sale=Exists(active),
        summary_price_from=Subquery(active.order_by("price").values("price")[:1]),
        summary_in_stock=Exists(active.filter(stock__gt=0)),
        summary_units=Subquery(
            active.filter(stock__gt=0)
            .order_by()  # no Meta ordering in the GROUP BY
            .values("product")
            .annotate(units=Sum("stock"))
            .values("units")[:1]
        ),
        summary_image=Subquery(first_photo.values("image_id")[:1]),
        summary_alt=Subquery(first_photo.values("alt_text")[:1]),
    ).values_list(
        "pk",
        "producer_group_id",
        "category_id",
        "first_published_at",
        "summary_on_sale",
        "summary_price_from",
        "summary_in_stock",
        "summary_units",
        "summary_image",
        "summary_alt",
    )
    written = 0
    batch: list[Any] = []
    for row in rows.order_by("pk").iterator(chunk_size=REBUILD_BATCH):
        pk, group_id, category_id, published_at, on_sale, price, in_stock, units, image, alt = row
        batch.append(
            listing_model(
                product_id=pk,
                producer_group_id=group_id,
                category_id=category_id,
                published_at=published_at,
                on_sale=on_sale,
                price_from=price,
                in_stock=in_stock,
                stock_band=stock_band(units) if in_stock and units is not None else None,
                card_image_id=image,
                card_image_alt=alt or "",
            )
        )
        if len(batch) >= REBUILD_BATCH:
            written += _upsert(listing_model, batch)
            batch = []
    return written + _upsert(listing_model, batch)


def _upsert(listing_model: Any, listings: list[Any]) -> int:
    if listings:
        listing_model.objects.bulk_create(
            listings,
            update_conflicts=True,
            unique_fields=["product"],
            update_fields=[
                "producer_group",
                "category",
                "published_at",
                "on_sale",
                "price_from",
                "in_stock",
                "stock_band",
                "card_image",
                "card_image_alt",
            ],
        )
    return len(listings)


def listing_summary_on_publish(instance: object = None, **_kwargs: Any) -> None:
    """page_published receiver: a published product's card (title, photo, craft, date).

    A signal, like the page cache's: Wagtail publishes from many places (editor, workflow,
    scheduler, revert) and this keeps derived data, not a business rule, in step with them.
    It runs inside the publish's transaction."""
    if isinstance(instance, ProductPage) and is_source(instance):
        listing_summary_refresh(product_id=instance.pk)
