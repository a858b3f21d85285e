"""The impact page's figures, read from the ledger (money), the order lines (crafts), the
melas and their visitor counts.

Money is what the ledger says, entry by entry, so every total equals the ledger's to the
paisa: a sub-order's sale and commission entries are shared out over its lines' crafts in
proportion to the line totals (largest remainder, so the parts add up exactly); a stall
sale's entries belong to the craft of the piece sold. Payouts and cash kept at a stall are
how money was settled, not earned, and are left out. Each entry counts in the year it was
recorded, so a refund in January lowers January's year.

Makers' shares are what their groups owe them from those sales (orders.MakerEarning, written
with the ledger and reversed with it), counted in the cell of the line's craft and the year the
share was recorded; a maker whose page is gone still counts, by the name on the record.

What groups recorded as paid to their makers (orders.MakerPayment) is a measure of its own, in
its own cells (by province, district and the year it was paid; a payment has no craft): those
cells rest on the groups who paid and the makers they paid, and are held back by the same rules,
apart from the sales' cells, so neither table can be subtracted from the other.
"""

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.db.models.functions import ExtractYear

from catalog.models import ProducerGroupPage
from events.models import StallSale
from marketplace.money import split_by_weights, to_money
from orders.impact.suppression import Cell
from orders.models import (
    LedgerEntry,
    LedgerKind,
    MakerEarning,
    MakerPayment,
    OrderLine,
    SubOrder,
)

EARNING_KINDS = (LedgerKind.SALE, LedgerKind.COMMISSION, LedgerKind.DELIVERY)
DIMENSIONS = ("province", "district", "craft", "year")
PAID_DIMENSIONS = ("province", "district", "year")
ZERO = Decimal("0.00")


@dataclass
class ImpactFacts:
    total: Cell
    by: dict[str, list[Cell]]
    district_province: dict[Hashable, Hashable]
    paid_total: Cell = field(default_factory=lambda: Cell(key="total"))
    paid_by: dict[str, list[Cell]] = field(default_factory=dict)


class _Cells:
    """Cells of one dimension, made on first use."""

    def __init__(self) -> None:
        self.cells: dict[Hashable, Cell] = {}

    def __getitem__(self, key: Hashable) -> Cell:
        if key not in self.cells:
            self.cells[key] = Cell(key=key)
        return self.cells[key]


def _add(cell: Cell, kind: str, amount: Decimal, group_id: int, order_id: int | None) -> None:
    if kind == LedgerKind.SALE:
        cell.sales += amount
    elif kind == LedgerKind.COMMISSION:
        cell.commission -= amount  # commission entries are negative for the group
    elif kind == LedgerKind.DELIVERY:
        cell.delivery += amount
    cell.groups.add(group_id)
    if order_id is not None:
        cell.orders.add(order_id)


def _line_crafts(sub_order_ids: set[int]) -> dict[int, list[tuple[int | None, Decimal]]]:
    """Each sub-order's lines as (craft id, line total); a line whose variant is gone has
    no craft (None)."""
    lines: dict[int, list[tuple[int | None, Decimal]]] = defaultdict(list)
    rows = OrderLine.objects.filter(sub_order_id__in=sub_order_ids).values_list(
        "sub_order_id", "variant__product__category_id", "line_total"
    )
    for sub_order_id, craft_id, line_total in rows.order_by("pk"):
        lines[sub_order_id].append((craft_id, line_total))
    return lines


def _craft_shares(
    amount: Decimal, lines: list[tuple[int | None, Decimal]]
) -> dict[int | None, Decimal]:
    """`amount` shared over the lines' crafts by line total, to the paisa."""
    weights = [max(line_total, ZERO) for _craft, line_total in lines]
    if not lines or sum(weights) <= 0:
        return {lines[0][0] if lines else None: amount}
    shares: dict[int | None, Decimal] = defaultdict(lambda: ZERO)
    for (craft_id, _total), part in zip(lines, split_by_weights(amount, weights), strict=True):
        shares[craft_id] += part
    return shares


def _places(
    group: dict[str, Any], district_province: dict[Hashable, Hashable]
) -> tuple[Hashable, Hashable]:
    """The group's province and district cell keys; records which province the district is in
    (the nested suppression keeps each province's held-back districts safe together)."""
    province = (group["country"], group["province"])
    district = (group["country"], group["province"], group["district"])
    district_province[district] = province
    return province, district


def impact_facts() -> ImpactFacts:
    """Every figure of the impact page, before anything is held back."""
    groups = {
        row["pk"]: row
        for row in ProducerGroupPage.objects.values("pk", "province", "district", "country")
    }
    entries = list(
        LedgerEntry.objects.filter(kind__in=EARNING_KINDS)
        .annotate(year=ExtractYear("created_at"))
        .values("producer_group_id", "sub_order_id", "stall_sale_id", "kind", "year")
        .annotate(amount=Sum("amount"))
        .order_by()
    )
    sub_order_ids = {row["sub_order_id"] for row in entries if row["sub_order_id"]}
    order_of = dict(SubOrder.objects.filter(pk__in=sub_order_ids).values_list("pk", "order_id"))
    lines = _line_crafts(sub_order_ids)
    stall_sale_ids = {row["stall_sale_id"] for row in entries if row["stall_sale_id"]}
    stall_craft = dict(
        StallSale.objects.filter(pk__in=stall_sale_ids).values_list(
            "pk", "variant__product__category_id"
        )
    )

    total = Cell(key="total")
    cells = {dimension: _Cells() for dimension in DIMENSIONS}
    district_province: dict[Hashable, Hashable] = {}
    for row in entries:
        group = groups[row["producer_group_id"]]
        # SQLite sums decimals in floating point: back to the paisa, as the services do.
        amount, kind = to_money(row["amount"]), row["kind"]
        order_id = order_of.get(row["sub_order_id"])
        province, district = _places(group, district_province)
        targets = [total, cells["province"][province], cells["district"][district]]
        targets.append(cells["year"][row["year"]])
        for cell in targets:
            _add(cell, kind, amount, group["pk"], order_id)
        if row["sub_order_id"]:
            crafts = _craft_shares(amount, lines.get(row["sub_order_id"], []))
        else:
            crafts = {stall_craft.get(row["stall_sale_id"]): amount}
        for craft_id, part in crafts.items():
            _add(cells["craft"][craft_id], kind, part, group["pk"], order_id)

    _add_makers(total, cells, groups, district_province)
    paid_total, paid_cells = _payments(groups, district_province)
    return ImpactFacts(
        total=total,
        by={dimension: list(cells[dimension].cells.values()) for dimension in DIMENSIONS},
        district_province=district_province,
        paid_total=paid_total,
        paid_by={
            dimension: list(paid_cells[dimension].cells.values()) for dimension in PAID_DIMENSIONS
        },
    )


def _maker_key(artisan_id: int | None, name: str, unnamed: dict[str, int]) -> int:
    """A maker's id, or for one whose page is gone a negative number per name on the record."""
    return artisan_id or -unnamed.setdefault(name, len(unnamed) + 1)


def _add_makers(
    total: Cell,
    cells: dict[str, "_Cells"],
    groups: dict[int, dict[str, Any]],
    district_province: dict[Hashable, Hashable],
) -> None:
    """Each maker's share of the sales, in the same cells as the sales it came from."""
    rows = (
        MakerEarning.objects.annotate(year=ExtractYear("created_at"))
        .values(
            "producer_group_id",
            "artisan_id",
            "maker_name",
            "year",
            "sub_order__order_id",
            "order_line__variant__product__category_id",
            "stall_sale__variant__product__category_id",
        )
        .annotate(amount=Sum("amount"))
        .order_by()
    )
    unnamed: dict[str, int] = {}  # makers whose page is gone, by the name kept on the record
    for row in rows:
        group = groups[row["producer_group_id"]]
        maker = _maker_key(row["artisan_id"], row["maker_name"], unnamed)
        province, district = _places(group, district_province)
        craft = (
            row["order_line__variant__product__category_id"]
            or row["stall_sale__variant__product__category_id"]
        )
        for cell in (
            total,
            cells["province"][province],
            cells["district"][district],
            cells["year"][row["year"]],
            cells["craft"][craft],
        ):
            cell.to_makers += to_money(row["amount"])
            cell.makers.add(maker)
            cell.groups.add(group["pk"])
            if row["sub_order__order_id"] is not None:
                cell.orders.add(row["sub_order__order_id"])


def _payments(
    groups: dict[int, dict[str, Any]], district_province: dict[Hashable, Hashable]
) -> tuple[Cell, dict[str, "_Cells"]]:
    """What groups recorded as paid to their makers, by the paying group's place and the
    year paid."""
    total = Cell(key="total")
    cells = {dimension: _Cells() for dimension in PAID_DIMENSIONS}
    rows = (
        MakerPayment.objects.annotate(year=ExtractYear("paid_on"))
        .values("producer_group_id", "artisan_id", "maker_name", "year")
        .annotate(amount=Sum("amount"))
        .order_by()
    )
    unnamed: dict[str, int] = {}
    for row in rows:
        group = groups[row["producer_group_id"]]
        maker = _maker_key(row["artisan_id"], row["maker_name"], unnamed)
        province, district = _places(group, district_province)
        targets = (
            total,
            cells["province"][province],
            cells["district"][district],
            cells["year"][row["year"]],
        )
        amount = to_money(row["amount"])
        for cell in targets:
            cell.paid += amount
            cell.makers.add(maker)
            cell.groups.add(group["pk"])
    return total, cells
