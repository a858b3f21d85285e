"""The impact page as published: figures after suppression, labels in the page's language.

The published figures are cached under a watermark of what they are read from (the ledger is
append-only, so its newest entry id moves with every change; the payments to makers', melas'
and visitor counts' counts and newest ids), so the page is cheap and never older than its
data; a group moving district is picked up within CACHE_SECONDS.
"""

import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from catalog.models import CraftCategory
from catalog.models.groups import Country
from events.models import MelaPage, MelaVisitorCount
from marketplace.money import split_by_weights
from orders.impact.facts import ImpactFacts, impact_facts
from orders.impact.melas import MelaBreakdown, mela_breakdowns
from orders.impact.suppression import Cell, Published, is_safe, suppress, suppress_nested
from orders.models import LedgerEntry, MakerPayment

CACHE_SECONDS = 3600
ONE_RUPEE = Decimal("1.00")

TITLES = {
    "province": gettext_lazy("By province"),
    "district": gettext_lazy("By district"),
    "craft": gettext_lazy("By craft"),
    "year": gettext_lazy("By year"),
}
# The first column of each breakdown's table: what its rows are.
COLUMN_TITLES = {
    "province": gettext_lazy("Province"),
    "district": gettext_lazy("District"),
    "craft": gettext_lazy("Craft"),
    "year": gettext_lazy("Year"),
}
OTHER_LABEL = pgettext_lazy("impact breakdown", "Other (small figures combined)")
UNKNOWN_CRAFT = gettext_lazy("Craft not recorded")
UNKNOWN_DISTRICT = gettext_lazy("District not recorded")


@dataclass(frozen=True)
class Figures:
    """A published cell, without the ids it rests on."""

    key: Hashable
    sales: Decimal
    commission: Decimal
    delivery: Decimal
    to_makers: Decimal
    to_groups: Decimal
    paid: Decimal
    groups: int
    makers: int
    orders: int

    @property
    def reached_producers(self) -> Decimal:
        return self.to_makers + self.to_groups

    @classmethod
    def of(cls, cell: Cell) -> "Figures":
        return cls(
            key=cell.key,
            sales=cell.sales,
            commission=cell.commission,
            delivery=cell.delivery,
            to_makers=cell.to_makers,
            to_groups=cell.to_groups,
            paid=cell.paid,
            groups=len(cell.groups),
            makers=len(cell.makers),
            orders=len(cell.orders),
        )


@dataclass(frozen=True)
class PublishedBreakdown:
    dimension: str
    shown: list[Figures]
    other: Figures | None
    withheld: bool


@dataclass(frozen=True)
class PublishedImpact:
    """The sales' figures (None of them when the platform as a whole is too small to publish:
    `total` is None), the payments to makers' (likewise `paid_total`), and the melas'."""

    total: Figures | None
    breakdowns: list[PublishedBreakdown]
    paid_total: Figures | None
    paid_breakdowns: list[PublishedBreakdown]
    melas: list[MelaBreakdown]


def _published(dimension: str, result: Published) -> PublishedBreakdown:
    return PublishedBreakdown(
        dimension=dimension,
        shown=[Figures.of(cell) for cell in result.shown],
        other=Figures.of(result.other) if result.other else None,
        withheld=result.withheld,
    )


def _publish_measure(
    total: Cell, by: dict[str, list[Cell]], district_province: dict[Hashable, Hashable]
) -> tuple[Figures | None, list[PublishedBreakdown]]:
    """One measure's total and breakdowns after the suppression rules; nothing when its total
    itself rests on too few groups or makers."""
    if not is_safe(total):
        return None, []
    breakdowns = []
    for dimension, cells in by.items():
        if dimension == "district":
            result = suppress_nested(cells, lambda cell: district_province[cell.key])
        else:
            result = suppress(cells)
        breakdowns.append(_published(dimension, result))
    return Figures.of(total), breakdowns


def publish(facts: ImpactFacts, melas: list[MelaBreakdown] | None = None) -> PublishedImpact:
    """Apply the suppression rules to every breakdown (and to the totals)."""
    total, breakdowns = _publish_measure(facts.total, facts.by, facts.district_province)
    paid_total, paid_breakdowns = _publish_measure(
        facts.paid_total, facts.paid_by, facts.district_province
    )
    return PublishedImpact(
        total=total,
        breakdowns=breakdowns,
        paid_total=paid_total,
        paid_breakdowns=paid_breakdowns,
        melas=melas or [],
    )


def _watermark() -> str:
    ledger = LedgerEntry.objects.aggregate(last=Max("pk"))["last"]
    paid = MakerPayment.objects.aggregate(last=Max("pk"), count=Count("pk"))
    visitors = MelaVisitorCount.objects.aggregate(last=Max("pk"), count=Count("pk"))
    melas = MelaPage.objects.live().aggregate(last=Max("last_published_at"), count=Count("pk"))
    return (
        f"{ledger}:{paid['last']}:{paid['count']}:{visitors['last']}:{visitors['count']}:"
        f"{melas['last']}:{melas['count']}"
    )


def published_impact() -> PublishedImpact:
    key = "impact:" + hashlib.sha256(_watermark().encode()).hexdigest()
    report: PublishedImpact | None = cache.get(key)
    if report is None:
        report = publish(impact_facts(), mela_breakdowns())
        cache.set(key, report, CACHE_SECONDS)
    return report


# Presentation: labels in the page's language, bars and the share of each rupee.


@dataclass(frozen=True)
class Row:
    label: str
    figures: Figures
    bar: int  # 0-100: the row's money that reached producers, against the largest row
    is_other: bool = False


@dataclass(frozen=True)
class Share:
    label: str
    paisa: int  # of each rupee a buyer paid; the four add up to 100
    start: int  # where its bar begins: the paisa of the parts before it


def _labels(dimension: str, keys: list[Any]) -> dict[Hashable, str]:
    if dimension == "craft":
        crafts = {craft.pk: craft.localized_name for craft in CraftCategory.objects.all()}
        return {
            key: crafts.get(key, str(UNKNOWN_CRAFT)) if key else str(UNKNOWN_CRAFT) for key in keys
        }
    if dimension == "province":
        return {key: _place(key[1], key[0]) for key in keys}
    if dimension == "district":
        return {key: f"{key[2] or UNKNOWN_DISTRICT}, {_place(key[1], key[0])}" for key in keys}
    return {key: str(key) for key in keys}


def _place(province: str, country: str) -> str:
    # Provinces are stored by their English names, which the catalogue translates.
    country_name = str(Country(country).label)
    return f"{gettext(province)}, {country_name}" if province else country_name


def _bar(value: Decimal | int, largest: Decimal | int) -> int:
    return max(int(value * 100 / largest), 0) if largest > 0 else 0


def rows_of(
    breakdown: PublishedBreakdown,
    measure: Callable[[Figures], Decimal] = lambda figures: figures.reached_producers,
) -> list[Row]:
    """The breakdown's rows with their labels; bars of `measure` against the largest row."""
    labels = _labels(breakdown.dimension, [figures.key for figures in breakdown.shown])
    every = [*breakdown.shown, *([breakdown.other] if breakdown.other else [])]
    largest = max((measure(figures) for figures in every), default=Decimal(0))
    rows = []
    for figures in every:
        is_other = figures is breakdown.other
        label = str(OTHER_LABEL) if is_other else labels[figures.key]
        bar = _bar(measure(figures), largest)
        rows.append(Row(label=label, figures=figures, bar=bar, is_other=is_other))
    return rows


@dataclass(frozen=True)
class MelaLine:
    label: str
    melas: int
    visitors: int
    bar: int  # visitors against the row with most


def mela_lines_of(breakdown: MelaBreakdown) -> list[MelaLine]:
    labels = _labels(breakdown.dimension, [row.key for row in breakdown.rows])
    largest = max((row.visitors for row in breakdown.rows), default=0)
    return [
        MelaLine(labels[row.key], row.melas, row.visitors, _bar(row.visitors, largest))
        for row in breakdown.rows
    ]


def rupee_shares(total: Figures) -> list[Share]:
    """Of each rupee buyers paid (items and delivery): makers, groups, platform, delivery."""
    parts = [
        (gettext("Makers"), total.to_makers),
        (gettext("Producer groups"), total.to_groups),
        (gettext("Platform commission"), total.commission),
        (gettext("Delivery"), total.delivery),
    ]
    weights = [max(amount, Decimal(0)) for _label, amount in parts]
    if sum(weights) <= 0:
        return []
    shares, start = [], 0
    for (label, _amount), part in zip(parts, split_by_weights(ONE_RUPEE, weights), strict=True):
        paisa = int(part * 100)
        shares.append(Share(label=label, paisa=paisa, start=start))
        start += paisa
    return shares
