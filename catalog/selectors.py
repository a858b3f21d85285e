"""Reads for the public catalog and the admin. Querysets here are what permissions rest on."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.validators import slug_unicode_re
from django.db.models import (
    Case,
    CharField,
    Exists,
    Expression,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast
from wagtail.images.models import Rendition
from wagtail.models import Page, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

from catalog.models import (
    ArtisanConsent,
    ArtisanPage,
    CraftCategory,
    ProducerGroupPage,
    ProductPage,
    ProductVariant,
    StockMovement,
    Technique,
)
from catalog.models.products import LOW_STOCK_THRESHOLD
from catalog.terms.selectors import suspended_group_ids
from marketplace import page_cache
from marketplace.serving import public
from marketplace.templatetags.responsive_images import spec_filters
from marketplace.translations import default_locale_id, source_ids
from marketplace.users import AnyUser

# Orders of the listing summary's columns (catalog.models.listing), each read in the order of
# one of its indexes.
SORT_ORDERS = {
    # Newest first, but what can be bought now before what is sold out.
    "newest": ("-listing__in_stock", "-listing__published_at", "-listing__pk"),
    "price_asc": ("listing__price_from", "-listing__pk"),
    "price_desc": ("-listing__price_from", "-listing__pk"),
    "title": ("title", "pk"),
}

# The product card's photo (templates/includes/product_card.html): only these renditions of
# the card images are read with a listing, not every size the product page or sharing made.
CARD_IMAGE_SPEC = "fill-{320x320,400x400,640x640} format-webp"

# A search matching more products than this shows the best matches only.
SEARCH_LIMIT = 500


def suspended_group_ids_kept() -> list[int]:
    """The ids of suspended groups, read once and cached until a group is suspended or
    reinstated (the terms services invalidate the site's tag) or published. As a list of
    numbers in a listing's query the planner counts its rows right; with the subquery it
    guessed half the catalogue gone and read the shop's last page by sorting all of it
    (37 ms instead of 7 at 10,000 products)."""
    from catalog.page_cache_tags import GROUPS_TAG  # catalog.apps imports it before the models

    return page_cache.kept(
        "suspended-groups",
        [GROUPS_TAG],
        lambda: list(suspended_group_ids().values_list("group_id", flat=True)),
        SHOP_FILTER_CHOICES_SECONDS,
    )


def products_for_sale() -> QuerySet[ProductPage]:
    """Live products of groups that may sell, with their lowest active price (`price_from`)
    and stock flag (`in_stock`), newest first. The shop filters this (catalog.filters).

    Prices, stock and the card's photo come from the listing summary, one row per product
    (catalog.models.listing): no subquery per product, and the card photos' renditions in
    one query (those of the card's sizes only), so a page of 10 or 100 cards costs the same
    queries."""
    products: QuerySet[ProductPage] = (
        public(ProductPage.objects.live())
        .filter(locale_id=default_locale_id())  # translations are shown through their source
        .filter(listing__on_sale=True)
        .filter(producer_group__live=True)
        .exclude(producer_group__in=suspended_group_ids_kept())  # a suspended group sells nothing
        .annotate(price_from=F("listing__price_from"), in_stock=F("listing__in_stock"))
        .select_related("producer_group", "listing__card_image")
        .prefetch_related(
            Prefetch(
                "listing__card_image__renditions",
                queryset=Rendition.objects.filter(
                    filter_spec__in=[spec.spec for spec in spec_filters(CARD_IMAGE_SPEC)]
                ),
            )
        )
        .order_by(*SORT_ORDERS["newest"])
    )
    return products


def product_listing(
    *,
    group: int | None = None,
    artisan: int | None = None,
    in_stock: bool = False,
    sort: str = "newest",
) -> QuerySet[ProductPage]:
    """Products for sale of one group or one artisan, or in stock, in one of SORT_ORDERS."""
    products = products_for_sale()
    if group is not None:
        products = products.filter(listing__producer_group=group)
    if artisan is not None:
        products = products.filter(artisans=artisan)
    if in_stock:
        products = products.filter(listing__in_stock=True)
    return products.order_by(*SORT_ORDERS.get(sort, SORT_ORDERS["newest"]))


# Kept until a group is published or unpublished (the groups tag), or a group is suspended or
# reinstated, a craft or technique saved, or a view restriction added or removed (the site's
# tag): their tags change the key.
SHOP_FILTER_CHOICES_SECONDS = 24 * 60 * 60


# Above this many groups the shop's filter lists none: too many to pick from on a phone, too
# heavy to send, and too many to read on every listing (with 5,000 groups, at 100,000
# products, the shop pages' p95 was 1.5-1.8x that at 1,000 products). A chosen group, from a
# group page's link, is looked up on its own (shop_filter_group).
MAX_GROUPS_IN_SELECT = 60


def shop_filter_choices() -> dict[str, Any]:
    """What the shop's filter form offers from the database: the listed groups as (slug,
    title) by title (None above MAX_GROUPS_IN_SELECT), their provinces and districts, sorted,
    and the crafts and techniques as (slug, id, name, Urdu name) by name. Read once and kept
    until a group is published or unpublished (GROUPS_TAG), or a group is suspended or
    reinstated, a craft or technique saved, or a view restriction added or removed (the site's
    tag: catalog.terms.services, catalog.wagtail_hooks, marketplace.serving), instead of four
    queries on every listing."""
    from catalog.page_cache_tags import GROUPS_TAG  # catalog.apps imports it before the models

    # (v3: no group list above MAX_GROUPS_IN_SELECT; a release must not read an older
    # release's entry.)
    return page_cache.kept(
        "shop-filter-choices:v3",
        [GROUPS_TAG],
        _shop_filter_choices_read,
        SHOP_FILTER_CHOICES_SECONDS,
    )


def _shop_filter_choices_read() -> dict[str, Any]:
    listed = listed_groups()  # (once: it reads the suspended groups and the serving record)
    groups = list(listed.order_by("title").values_list("slug", "title")[: MAX_GROUPS_IN_SELECT + 1])
    locations = (
        listed.order_by()  # not by path: DISTINCT over the two columns only
        .values_list("province", "district")
        .distinct()
    )
    taxonomy = ("slug", "pk", "name", "name_ur")
    return {
        "categories": list(CraftCategory.objects.order_by("name").values_list(*taxonomy)),
        "techniques": list(Technique.objects.order_by("name").values_list(*taxonomy)),
        "groups": groups if len(groups) <= MAX_GROUPS_IN_SELECT else None,
        "provinces": sorted({province for province, _district in locations if province}),
        "districts": sorted({district for _province, district in locations if district}),
    }


def shop_filter_group(slug: str) -> list[tuple[str, str]]:
    """[(slug, title)] of the filterable group `slug`, or [] when there is none: the shop
    filter's one group choice when it lists none. Kept as the choices are; text that cannot
    be a slug is not looked up (nor kept)."""
    from catalog.page_cache_tags import GROUPS_TAG

    if len(slug) > ProducerGroupPage._meta.get_field("slug").max_length or not (
        slug_unicode_re.match(slug)
    ):
        return []
    return page_cache.kept(
        f"shop-filter-group:{hashlib.sha256(slug.encode()).hexdigest()}",
        [GROUPS_TAG],
        lambda: list(listed_groups().filter(slug=slug).values_list("slug", "title")[:1]),
        SHOP_FILTER_CHOICES_SECONDS,
    )


# A search's matches are kept until a product is published (its text may have changed: the
# `search` tag) or the listing moves; this bounds how long if a move was lost.
SEARCH_IDS_SECONDS = 5 * 60


def product_search_ids(query: str) -> list[int]:
    """Ids of the live products matching `query`, best match first, at most SEARCH_LIMIT.
    Both languages are searched; an Urdu title finds its (English) source product. Kept per
    query (its words as typed, case and spacing aside) until a publish moves the tags."""
    # Imported here: catalog.page_cache_tags imports the models (cycle).
    from catalog.page_cache_tags import SEARCH_TAG

    words = " ".join(query.lower().split())
    return page_cache.kept(
        f"search-ids:{hashlib.sha256(words.encode()).hexdigest()}",
        [SEARCH_TAG, page_cache.LISTING_TAG],
        lambda: _product_search_ids(query),
        SEARCH_IDS_SECONDS,
    )


def _product_search_ids(query: str) -> list[int]:
    # Only what finds the source product is read of each match, not the whole page.
    matches = ProductPage.objects.live().only("translation_key", "locale_id")
    return source_ids(ProductPage, list(matches.search(query)[:SEARCH_LIMIT]))


class PositionIn(Expression):
    """A row's position in `ids` (by primary key). Its SQL, a CASE with one WHEN per id, is
    built only when a query using it runs: a search listing whose rows are kept never runs
    one, and building the CASE for 500 matches cost 6 ms of a 10 ms page."""

    def __init__(self, ids: Sequence[int]) -> None:
        super().__init__(output_field=IntegerField())
        self.ids = tuple(ids)

    def resolve_expression(
        self,
        query: Any = None,
        allow_joins: bool = True,
        reuse: Any = None,
        summarize: bool = False,
        for_save: bool = False,
    ) -> Any:
        case = Case(
            *[When(pk=pk, then=Value(position)) for position, pk in enumerate(self.ids)],
            output_field=IntegerField(),
        )
        return case.resolve_expression(query, allow_joins, reuse, summarize, for_save)


def order_by_relevance(
    products: QuerySet[ProductPage], matching_ids: list[int]
) -> QuerySet[ProductPage]:
    """`products` in the order of `matching_ids` (a search's best matches first)."""
    if not matching_ids:
        return products.order_by("-listing__pk")
    return products.order_by(PositionIn(matching_ids), "-pk")


def listed_groups() -> QuerySet[ProducerGroupPage]:
    """The groups buyers see (in the directory, the shop's filters, a trade enquiry): live,
    not behind a view restriction, not suspended, in the default language."""
    groups: QuerySet[ProducerGroupPage] = (
        public(ProducerGroupPage.objects.live())
        .filter(locale_id=default_locale_id())
        .exclude(pk__in=suspended_group_ids_kept())
    )
    return groups


def producer_group_directory() -> QuerySet[ProducerGroupPage]:
    """The listed groups by name, with their logos (filtered by catalog.filters)."""
    return listed_groups().select_related("logo").order_by("title")


def artisans_public() -> QuerySet[ArtisanPage]:
    """Artisans who agreed to be named; everyone else is left out of public listings."""
    artisans: QuerySet[ArtisanPage] = (
        public(ArtisanPage.objects.live())
        .filter(locale_id=default_locale_id())
        .filter(consent__in=[ArtisanConsent.FULL_NAME, ArtisanConsent.FIRST_NAME])
        .select_related("producer_group", "photo")
        .order_by("title")
    )
    return artisans


def products_editable_by(user: AnyUser) -> QuerySet[ProductPage]:
    """Products whose pages `user` may edit: the only products whose variants they may touch."""
    products: QuerySet[ProductPage] = (
        PagePermissionPolicy(ProductPage)
        .instances_user_has_any_permission_for(user, {"change"})
        .filter(locale_id=default_locale_id())
    )  # variants hang off the source page only
    return products


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


def products_awaiting_moderation(products: QuerySet[ProductPage]) -> QuerySet[ProductPage]:
    """Those of `products` submitted for moderation and not yet approved or rejected."""
    in_progress = WorkflowState.objects.active().filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=Cast(OuterRef("pk"), CharField()),
    )
    return products.filter(Exists(in_progress))


def variants_low_in_stock(products: QuerySet[ProductPage]) -> QuerySet[ProductVariant]:
    """Variants of `products` on sale with LOW_STOCK_THRESHOLD units or fewer, emptiest first."""
    return (
        ProductVariant.objects.filter(
            product__in=products, is_active=True, stock__lte=LOW_STOCK_THRESHOLD
        )
        .select_related("product")
        .order_by("stock", "product__title", "pk")
    )
