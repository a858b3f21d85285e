"""Reads for the public catalog and the admin. Querysets here are what permissions rest on."""

from decimal import Decimal

from django.db.models import Case, Exists, Max, Min, OuterRef, Prefetch, QuerySet, Subquery, When
from wagtail.images.models import Rendition
from wagtail.permission_policies.pages import PagePermissionPolicy

from catalog.models import (
    ArtisanConsent,
    ArtisanPage,
    ProducerGroupPage,
    ProductImage,
    ProductPage,
    ProductVariant,
    StockMovement,
)
from catalog.terms.selectors import suspended_group_ids
from marketplace.translations import default_locale_id, source_ids

SORT_ORDERS = {
    # Newest first, but what can be bought now before what is sold out.
    "newest": ("-in_stock", "-first_published_at", "-pk"),
    "price_asc": ("price_from", "-pk"),
    "price_desc": ("-price_from", "-pk"),
    "title": ("title", "pk"),
}

# A search matching more products than this shows the best matches only.
SEARCH_LIMIT = 500


def _active_variants():
    return ProductVariant.objects.filter(product=OuterRef("pk"), is_active=True)


def _card_images_prefetch() -> Prefetch:
    # Renditions are prefetched so a page of 10 or 100 cards costs the same number of queries.
    return Prefetch(
        "gallery_images",
        queryset=ProductImage.objects.select_related("image").prefetch_related(
            Prefetch("image__renditions", queryset=Rendition.objects.all())
        ),
    )


def product_listing(*, filters: dict | None = None, sort: str = "newest") -> QuerySet[ProductPage]:
    """Live products with their lowest active price and stock flag, filtered and sorted.

    `filters` holds already-validated values (catalog.forms.ShopFilterForm).
    """
    filters = filters or {}
    products = (
        ProductPage.objects.live()
        .public()
        .filter(locale_id=default_locale_id())  # translations are shown through their source
        .filter(producer_group__live=True)
        .exclude(producer_group__in=suspended_group_ids())  # a suspended group sells nothing
        .annotate(
            price_from=Subquery(_active_variants().order_by("price").values("price")[:1]),
            in_stock=Exists(_active_variants().filter(stock__gt=0)),
        )
        .filter(Exists(_active_variants()))  # cheaper for the count than price_from
        .select_related("producer_group", "category")
        .prefetch_related(_card_images_prefetch())
    )
    if category := filters.get("category"):
        products = products.filter(category=category)
    if techniques := filters.get("technique"):
        products = products.filter(techniques=techniques)
    if group := filters.get("group"):
        products = products.filter(producer_group=group)
    if group_slug := filters.get("group_slug"):
        products = products.filter(producer_group__slug=group_slug)
    if artisan := filters.get("artisan"):
        products = products.filter(artisans=artisan)
    if province := filters.get("province"):
        products = products.filter(producer_group__province=province)
    if district := filters.get("district"):
        products = products.filter(producer_group__district=district)
    if (min_price := filters.get("min_price")) is not None:
        products = products.filter(price_from__gte=min_price)
    if (max_price := filters.get("max_price")) is not None:
        products = products.filter(price_from__lte=max_price)
    if filters.get("in_stock"):
        products = products.filter(in_stock=True)
    if query := filters.get("q"):
        # The search index finds the matches (best first); the same filters then apply to them.
        # Both languages are searched; an Urdu title finds its (English) source product.
        matches = list(ProductPage.objects.live().search(query)[:SEARCH_LIMIT])
        matching_ids = source_ids(ProductPage, matches)
        products = products.filter(pk__in=matching_ids)
        if sort == "relevance":
            rank = Case(*[When(pk=pk, then=position) for position, pk in enumerate(matching_ids)])
            return products.order_by(rank, "-pk")
    return products.order_by(*SORT_ORDERS.get(sort, SORT_ORDERS["newest"]))


def product_detail_context(product: ProductPage, *, photos_of: ProductPage | None = None) -> dict:
    """Everything the product page shows: variants with the group's share, gallery, artisans.

    `photos_of`: the translation being shown, whose photos carry captions in its language."""
    variants = list(product.variants.filter(is_active=True))
    for variant in variants:
        variant.breakdown = product.price_breakdown(variant.price)
    cheapest = min(variants, key=lambda variant: variant.price) if variants else None
    credited = list(product.artisans.live())
    return {
        "variants": variants,
        "breakdown": cheapest.breakdown if cheapest else None,
        "in_stock": any(variant.in_stock for variant in variants),
        "gallery": list((photos_of or product).gallery_images.select_related("image")),
        # Artisans without consent are counted, never named.
        "named_artisans": [artisan for artisan in credited if artisan.is_public],
        "unnamed_artisan_count": sum(1 for artisan in credited if not artisan.is_public),
        "group": product.producer_group,
    }


def producer_group_directory(*, filters: dict | None = None) -> QuerySet[ProducerGroupPage]:
    filters = filters or {}
    groups = (
        ProducerGroupPage.objects.live()
        .public()
        .filter(locale_id=default_locale_id())
        .exclude(pk__in=suspended_group_ids())
        .select_related("logo")
    )
    for field in ("country", "province", "district"):
        if value := filters.get(field):
            groups = groups.filter(**{field: value})
    return groups.order_by("title")


def artisans_public() -> QuerySet[ArtisanPage]:
    """Artisans who agreed to be named; everyone else is left out of public listings."""
    return (
        ArtisanPage.objects.live()
        .public()
        .filter(locale_id=default_locale_id())
        .filter(consent__in=[ArtisanConsent.FULL_NAME, ArtisanConsent.FIRST_NAME])
        .select_related("producer_group", "photo")
        .order_by("title")
    )


def products_editable_by(user) -> QuerySet[ProductPage]:
    """Products whose pages `user` may edit: the only products whose variants they may touch."""
    return (
        PagePermissionPolicy(ProductPage)
        .instances_user_has_any_permission_for(user, {"change"})
        .filter(locale_id=default_locale_id())
    )  # variants hang off the source page only


def price_bounds() -> tuple[Decimal | None, Decimal | None]:
    bounds = ProductVariant.objects.filter(is_active=True).aggregate(
        low=Min("price"), high=Max("price")
    )
    return bounds["low"], bounds["high"]


# The stock screen shows this many of a product's latest stock movements.
STOCK_HISTORY_LENGTH = 20


def stock_movements_of_product(
    *, product: ProductPage, limit: int = STOCK_HISTORY_LENGTH
) -> list[StockMovement]:
    """A product's latest stock changes, newest first, with the variant and who made them."""
    return list(
        StockMovement.objects.filter(variant__product=product)
        .select_related("variant", "by")
        .order_by("-created_at", "-pk")[:limit]
    )
