"""Where each rupee of a product's price goes: makers, the group's costs and margin, the
platform's commission; delivery is its own line (charged once per parcel, per group).

Exact to the paisa: the commission is rounded once (marketplace.money.commission_split), the
makers' part is the sum of their piece rates, and the group's part is the remainder, so the
three always add up to the price.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from catalog.makers.selectors import FairWageCheck, product_fair_wage
from catalog.models import MakerRate, ProductPage
from marketplace.money import HUNDRED, commission_split, split_by_weights, to_money

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class BarPart:
    """One segment of the price bar: x and width in percent of the bar."""

    kind: str
    amount: Decimal
    start: Decimal
    width: Decimal


@dataclass(frozen=True)
class PriceSplit:
    price: Decimal
    makers: Decimal
    maker_count: int
    group_part: Decimal
    commission: Decimal
    commission_percent: Decimal
    delivery: Decimal
    fair_wage: FairWageCheck

    @property
    def makers_known(self) -> bool:
        return self.maker_count > 0

    @property
    def total_check(self) -> Decimal:
        return self.makers + self.group_part + self.commission

    @property
    def bar(self) -> list[BarPart]:
        """Segments in percent of the price; none when a part is negative (rates entered
        above what the group receives would draw a false picture)."""
        parts = [("makers", self.makers), ("group", self.group_part), ("platform", self.commission)]
        if self.price <= 0 or any(amount < 0 for _kind, amount in parts):
            return []
        # Widths that add up to exactly 100, so the bar is always full.
        widths = split_by_weights(HUNDRED, [amount for _kind, amount in parts])
        bar, start = [], Decimal("0")
        for (kind, amount), width in zip(parts, widths, strict=True):
            if amount > 0:
                bar.append(BarPart(kind, amount, start, width))
            start += width
        return bar

    @property
    def makers_percent(self) -> Decimal:
        """The makers' part in whole percent of the price (for words; the bar is exact)."""
        return (self.makers * HUNDRED / self.price).quantize(Decimal("1")) if self.price else ZERO


def price_split(
    *, price: Decimal, commission_percent: Decimal, piece_rates: list[Decimal]
) -> tuple[Decimal, Decimal, Decimal]:
    """(makers, group's part, commission) of one piece at `price`; they sum to the price."""
    group_share, commission = commission_split(price, commission_percent)
    makers = to_money(sum(piece_rates, ZERO))
    return makers, group_share - makers, commission


def product_price_split(
    product: ProductPage, price: Decimal, rates: list[MakerRate]
) -> PriceSplit | None:
    group = product.producer_group
    if group is None:
        return None
    rate = group.commercial_terms.commission_rate
    makers, group_part, commission = price_split(
        price=price, commission_percent=rate, piece_rates=[r.piece_rate for r in rates]
    )
    return PriceSplit(
        price=to_money(price),
        makers=makers,
        maker_count=len(rates),
        group_part=group_part,
        commission=commission,
        commission_percent=rate,
        delivery=to_money(group.delivery_charge),
        fair_wage=product_fair_wage(product, rates),
    )
