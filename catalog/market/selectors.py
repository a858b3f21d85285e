"""Reads for the market information screens.

A group's staff see platform-wide aggregates (searches not found, crafts and price bands that
sell, a cell only when several groups sold in it) and their own group's products; platform
staff may choose any group. `market_groups_for_user` is the one place that decides which
groups' own figures a user may see.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import (
    ProducerGroupPage,
    ProductDayStats,
    ProductPage,
    ProductVariant,
    SearchTermDay,
)
from catalog.models.groups import COMMERCIAL_TERMS_PERMISSION
from catalog.models.market import VIEW_ALL_MARKET_INFORMATION
from marketplace.translations import default_locale_id

PERIOD_DAYS = 30
WATCHED_DAYS = 7
# (lowest price in PKR, label): a sale's band is the last one whose lowest price it reaches.
PRICE_BANDS = (
    (Decimal("0"), _("Under Rs 1,000")),
    (Decimal("1000"), _("Rs 1,000 to 2,999")),
    (Decimal("3000"), _("Rs 3,000 to 9,999")),
    (Decimal("10000"), _("Rs 10,000 and more")),
)


def sees_all_market_information(user: Any) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(
        user.has_perm(VIEW_ALL_MARKET_INFORMATION) or user.has_perm(COMMERCIAL_TERMS_PERMISSION)
    )


def market_groups_for_user(user: Any) -> QuerySet[ProducerGroupPage]:
    """The groups whose own figures `user` may see: every group for platform staff, their own
    group(s) for a group's staff, none for anyone else."""
    groups = ProducerGroupPage.objects.filter(locale_id=default_locale_id()).order_by("title")
    if sees_all_market_information(user):
        return groups
    if not (user.is_authenticated and user.is_active):
        return groups.none()
    return groups.filter(staff_group__in=user.groups.all())


def _since(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days - 1)


@dataclass(frozen=True)
class UnmetSearch:
    language: str
    term: str
    searches: int
    unmet: int
    without_results: int


def unmet_searches(*, days: int = PERIOD_DAYS, limit: int = 50) -> list[UnmetSearch]:
    """Terms buyers searched for and found little or nothing, most often first; a term only
    once at least MARKET_TERM_MIN_SEARCHERS searchers (summed per day) used it."""
    rows = (
        SearchTermDay.objects.filter(day__gte=_since(days))
        .values("language", "term")
        .annotate(
            total=Sum("searches"),
            unmet=Sum("unmet_searches"),
            zero=Sum("zero_result_searches"),
            people=Sum("searchers"),
        )
        .filter(unmet__gt=0, people__gte=settings.MARKET_TERM_MIN_SEARCHERS)
        .order_by("-unmet", "language", "term")[:limit]
    )
    return [
        UnmetSearch(row["language"], row["term"], row["total"], row["unmet"], row["zero"])
        for row in rows
    ]


def price_band_of(price: Decimal) -> int:
    band = 0
    for index, (lowest, _label) in enumerate(PRICE_BANDS):
        if price >= lowest:
            band = index
    return band


@dataclass
class CraftSales:
    craft: str
    units_by_band: list[int | None]  # None: too few groups sold in that band to show it
    groups_by_band: list[set[int]] = field(default_factory=list, repr=False)


def selling_crafts(*, days: int = PERIOD_DAYS) -> list[CraftSales]:
    """Units sold across the platform per craft and price band (the average price each
    product sold at); a cell is shown only when MARKET_MIN_GROUPS_PER_CELL groups sold in it,
    so no cell reveals one group's sales."""
    per_product = (
        ProductDayStats.objects.filter(day__gte=_since(days), units_sold__gt=0)
        .values("product_id", "product__category__name", "product__producer_group_id")
        .annotate(units=Sum("units_sold"), amount=Sum("sales_amount"))
    )
    crafts: dict[str, CraftSales] = {}
    for row in per_product:
        name = row["product__category__name"]
        craft = crafts.setdefault(
            name,
            CraftSales(name, [0] * len(PRICE_BANDS), [set() for _band in PRICE_BANDS]),
        )
        band = price_band_of(row["amount"] / row["units"])
        craft.units_by_band[band] = (craft.units_by_band[band] or 0) + row["units"]
        craft.groups_by_band[band].add(row["product__producer_group_id"])
    shown = []
    for craft in crafts.values():
        craft.units_by_band = [
            units if len(groups) >= settings.MARKET_MIN_GROUPS_PER_CELL else None
            for units, groups in zip(craft.units_by_band, craft.groups_by_band, strict=True)
        ]
        if any(craft.units_by_band):
            shown.append(craft)
    return sorted(shown, key=lambda craft: -sum(units or 0 for units in craft.units_by_band))


def _in_stock() -> Exists:
    return Exists(
        ProductVariant.objects.filter(product=OuterRef("pk"), is_active=True, stock__gt=0)
    )


def _summed(name: str, since: datetime.date) -> Coalesce:
    return Coalesce(
        Sum(f"day_stats__{name}", filter=Q(day_stats__day__gte=since)),
        Value(0),
        output_field=IntegerField(),
    )


def group_product_figures(
    group: ProducerGroupPage, *, days: int = PERIOD_DAYS
) -> QuerySet[ProductPage]:
    """The group's own products with their views, add-to-carts and units sold, most seen first."""
    since = _since(days)
    return (
        ProductPage.objects.filter(producer_group=group, locale_id=default_locale_id())
        .annotate(
            period_views=_summed("views", since),
            period_carts=_summed("add_to_carts", since),
            period_units=_summed("units_sold", since),
            in_stock=_in_stock(),
        )
        .order_by("-period_views", "title")
    )


def out_of_stock_watched(
    group: ProducerGroupPage, *, days: int = WATCHED_DAYS
) -> QuerySet[ProductPage]:
    """The group's products out of stock now that buyers looked at while out of stock."""
    since = _since(days)
    return (
        ProductPage.objects.filter(producer_group=group, locale_id=default_locale_id())
        .annotate(in_stock=_in_stock(), watched=_summed("out_of_stock_views", since))
        .filter(in_stock=False, watched__gt=0)
        .order_by("-watched", "title")
    )
