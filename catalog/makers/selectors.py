"""Reads of makers' rates and the minimum wage: who may see which rates, the rate in force,
and the fair-wage check.

Rates are reached only through products the user may edit (Wagtail's page permissions on her
group's subtree), so one group's staff never see another group's makers or rates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from catalog.models import ArtisanPage, MakerRate, MinimumWage, ProducerGroupPage, ProductPage
from catalog.selectors import products_editable_by
from marketplace import page_cache
from marketplace.users import AnyUser


def maker_rates_for_user(user: AnyUser) -> QuerySet[MakerRate]:
    """The rates of the products `user` may edit; nothing for anyone else."""
    rates: QuerySet[MakerRate] = MakerRate.objects.filter(
        product__in=products_editable_by(user)
    ).select_related("product", "artisan")
    return rates


def artisans_for_user(user: AnyUser) -> QuerySet[ArtisanPage]:
    """The artisans of the groups whose products `user` may edit."""
    groups = products_editable_by(user).values("producer_group_id")
    artisans: QuerySet[ArtisanPage] = ArtisanPage.objects.filter(
        producer_group_id__in=groups
    ).order_by("full_name")
    return artisans


def maker_rates_of_products(
    product_ids: Iterable[int], *, with_artisans: bool = True
) -> dict[int, list[MakerRate]]:
    """The rates in force for each product (by id), in one query; `with_artisans`: with
    each rate's artisan read too (the product page shows only the rates)."""
    by_product: dict[int, list[MakerRate]] = {}
    rates = MakerRate.objects.filter(product_id__in=list(product_ids))
    if with_artisans:
        rates = rates.select_related("artisan")
    for rate in rates.order_by("product_id", "artisan_id"):
        by_product.setdefault(rate.product_id, []).append(rate)
    return by_product


# The sourced minimum wage rows, kept until the site's tag moves (a wage row saved or
# deleted moves it: catalog.apps), instead of one query on every product page.
WAGES_CACHE_SECONDS = 24 * 60 * 60


def _sourced_wages(country: str) -> list[MinimumWage]:
    """A country's minimum wage rows that name their source, newest first."""
    return page_cache.kept(
        f"minimum-wages:{country}",
        [],
        lambda: list(
            MinimumWage.objects.filter(country=country)
            .exclude(source="")
            .order_by("-effective_from", "-pk")
        ),
        WAGES_CACHE_SECONDS,
    )


def minimum_wage_for(*, country: str, province: str, on: date | None = None) -> MinimumWage | None:
    """The minimum wage in force for a province (else its country), from a sourced row.

    A row without a source never counts; a province's own figure wins over the country's.
    """
    on = on or timezone.localdate()
    rows = [row for row in _sourced_wages(country) if row.effective_from <= on]
    province_key = province.strip().lower()
    for row in rows:
        if province_key and row.province.strip().lower() == province_key:
            return row
    for row in rows:
        if not row.province.strip():
            return row
    return None


class FairWageStatus:
    MEETS = "meets"
    BELOW = "below"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class FairWageCheck:
    status: str
    wage: MinimumWage | None
    lowest_hourly_pay: Decimal | None

    @property
    def meets(self) -> bool:
        return self.status == FairWageStatus.MEETS


def rate_meets_minimum(rate: MakerRate, wage: MinimumWage) -> bool:
    """piece_rate / hours >= monthly / (days × hours a day), compared without rounding."""
    return rate.piece_rate * wage.hours_per_month >= wage.monthly_amount * rate.hours_per_piece


def fair_wage_check(rates: list[MakerRate], wage: MinimumWage | None) -> FairWageCheck:
    """MEETS only with rates for its makers and a sourced, dated wage row that every rate
    reaches; UNKNOWN whenever something is missing, so nothing false is ever claimed."""
    if not rates or wage is None or not wage.source.strip() or wage.effective_from is None:
        return FairWageCheck(FairWageStatus.UNKNOWN, wage, None)
    lowest = min(rate.hourly_pay for rate in rates)
    meets = all(rate_meets_minimum(rate, wage) for rate in rates)
    return FairWageCheck(FairWageStatus.MEETS if meets else FairWageStatus.BELOW, wage, lowest)


def product_fair_wage(product: ProductPage, rates: list[MakerRate]) -> FairWageCheck:
    group = product.producer_group
    if group is None:
        return FairWageCheck(FairWageStatus.UNKNOWN, None, None)
    return fair_wage_check(rates, minimum_wage_for(country=group.country, province=group.province))


@dataclass(frozen=True)
class ProductBelowMinimum:
    product: ProductPage
    check: FairWageCheck


def products_below_minimum_wage(user: AnyUser) -> list[ProductBelowMinimum]:
    """The products `user` may edit whose makers earn less an hour than the minimum wage."""
    products = list(products_editable_by(user).select_related("producer_group").order_by("title"))
    rates = maker_rates_of_products(product.pk for product in products)
    wages: dict[tuple[str, str], MinimumWage | None] = {}
    below = []
    for product in products:
        group: ProducerGroupPage | None = product.producer_group
        if group is None or product.pk not in rates:
            continue
        place = (group.country, group.province)
        if place not in wages:
            wages[place] = minimum_wage_for(country=group.country, province=group.province)
        check = fair_wage_check(rates[product.pk], wages[place])
        if check.status == FairWageStatus.BELOW:
            below.append(ProductBelowMinimum(product, check))
    return below
