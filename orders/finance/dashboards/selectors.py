"""The finance dashboard's figures, read from the ledger (orders.models.LedgerEntry) in a few
aggregate queries. Finance only (orders.manage_all_orders): anyone else reads an empty ledger.

Definitions, all over ledger entries recorded in [start, end): sales are the SALE entries
(refunds and reversals included, so net), commission the COMMISSION entries and payouts the
PAYOUT entries, both shown as positive amounts. A group's balance is all its entries before
`end`: positive is owed to the group, negative is owed by it to the platform.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.date_range import Period
from marketplace.money import split_by_weights, to_money
from marketplace.users import AnyUser
from orders.models import LedgerEntry, LedgerKind, OrderLine
from orders.selectors import MANAGE_ALL_PERMISSION

ZERO = Decimal("0.00")


def sees_finance_dashboards(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(MANAGE_ALL_PERMISSION))


def ledger_for_finance(user: AnyUser) -> QuerySet[LedgerEntry]:
    """Every ledger entry for finance; none for anyone else."""
    if not sees_finance_dashboards(user):
        return LedgerEntry.objects.none()
    return LedgerEntry.objects.all()


@dataclass(frozen=True)
class MoneyFigures:
    sales: Decimal
    commission: Decimal
    payouts: Decimal


@dataclass(frozen=True)
class MonthRow(MoneyFigures):
    month: date


@dataclass(frozen=True)
class GroupRow(MoneyFigures):
    group_id: int
    title: str
    district: str
    province: str
    balance: Decimal  # all entries before the period's end

    @property
    def owed_to_group(self) -> Decimal:
        return max(self.balance, ZERO)

    @property
    def owed_by_group(self) -> Decimal:
        return max(-self.balance, ZERO)


@dataclass(frozen=True)
class DistrictRow(MoneyFigures):
    district: str
    province: str
    groups: int
    owed_to_groups: Decimal
    owed_by_groups: Decimal


@dataclass(frozen=True)
class CraftRow:
    craft: str
    sales: Decimal
    commission: Decimal


def _money_sums(period: Period) -> dict[str, Sum]:
    in_period = period.recorded_in()
    return {
        "sales": Sum("amount", filter=in_period & Q(kind=LedgerKind.SALE)),
        "commission": Sum("amount", filter=in_period & Q(kind=LedgerKind.COMMISSION)),
        "payouts": Sum("amount", filter=in_period & Q(kind=LedgerKind.PAYOUT)),
    }


def _figures(row: Mapping[str, Any]) -> dict[str, Decimal]:
    return {
        "sales": to_money(row["sales"] or 0),
        "commission": -to_money(row["commission"] or 0),
        "payouts": -to_money(row["payouts"] or 0),
    }


def finance_totals(*, user: AnyUser, period: Period) -> MoneyFigures:
    """Sales, commission and payouts of the whole platform in the period: one query."""
    row = ledger_for_finance(user).filter(period.recorded_in()).aggregate(**_money_sums(period))
    return MoneyFigures(**_figures(row))


def finance_by_month(*, user: AnyUser, period: Period) -> list[MonthRow]:
    """Per calendar month (Pakistan time) of the period, oldest first: one query."""
    rows = (
        ledger_for_finance(user)
        .filter(period.recorded_in())
        .annotate(month=TruncMonth("created_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("month")
        .annotate(**_money_sums(period))
        .order_by("month")
    )
    return [MonthRow(month=_as_date(row["month"]), **_figures(row)) for row in rows]


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def finance_by_group(*, user: AnyUser, period: Period) -> list[GroupRow]:
    """Per producer group with entries before the period's end, largest sales first; with the
    group's balance then (what it is owed, or owes): one query."""
    rows = (
        ledger_for_finance(user)
        .filter(period.recorded_before_end())
        .order_by()
        .values(
            "producer_group_id",
            "producer_group__title",
            "producer_group__district",
            "producer_group__province",
        )
        .annotate(**_money_sums(period), balance=Sum("amount"))
    )
    groups = [
        GroupRow(
            group_id=row["producer_group_id"],
            title=row["producer_group__title"],
            district=row["producer_group__district"],
            province=row["producer_group__province"],
            balance=to_money(row["balance"] or 0),
            **_figures(row),
        )
        for row in rows
    ]
    return sorted(groups, key=lambda group: (-group.sales, group.title))


def finance_by_district(groups: Iterable[GroupRow]) -> list[DistrictRow]:
    """The group rows added up per district (no query): money owed to groups and by groups
    are kept apart, so one group's debt does not hide another's earnings."""
    totals: dict[tuple[str, str], dict[str, Decimal | int]] = defaultdict(
        lambda: {
            "sales": ZERO,
            "commission": ZERO,
            "payouts": ZERO,
            "groups": 0,
            "owed_to_groups": ZERO,
            "owed_by_groups": ZERO,
        }
    )
    for group in groups:
        row = totals[(group.district, group.province)]
        row["sales"] += group.sales
        row["commission"] += group.commission
        row["payouts"] += group.payouts
        row["groups"] += 1
        row["owed_to_groups"] += group.owed_to_group
        row["owed_by_groups"] += group.owed_by_group
    districts = [
        DistrictRow(district=district, province=province, **figures)  # type: ignore[arg-type]
        for (district, province), figures in totals.items()
    ]
    return sorted(districts, key=lambda row: (-row.sales, row.district))


def finance_by_craft(*, user: AnyUser, period: Period) -> list[CraftRow]:
    """Sales and commission per craft: a stall sale's entries go to its product's craft; an
    order's are shared over its lines' crafts in proportion to the lines (commission: to the
    lines' commission), to the paisa, so the crafts add up to the ledger. Two queries."""
    entries = list(
        ledger_for_finance(user)
        .filter(period.recorded_in(), kind__in=(LedgerKind.SALE, LedgerKind.COMMISSION))
        .order_by()
        .values("sub_order_id", "stall_sale__variant__product__category__name", "kind")
        .annotate(total=Sum("amount"))
    )
    sub_order_ids = {row["sub_order_id"] for row in entries if row["sub_order_id"]}
    lines: dict[int, list[tuple[str, Decimal, Decimal]]] = defaultdict(list)
    if sub_order_ids:
        for sub_order_id, craft, line_total, commission in (
            OrderLine.objects.filter(sub_order_id__in=sub_order_ids)
            .order_by("pk")
            .values_list(
                "sub_order_id", "variant__product__category__name", "line_total", "commission"
            )
        ):
            lines[sub_order_id].append((craft or "", line_total, commission))
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: {"sales": ZERO, "commission": ZERO})
    for row in entries:
        amount = to_money(row["total"] or 0)
        figure = "sales" if row["kind"] == LedgerKind.SALE else "commission"
        if figure == "commission":
            amount = -amount
        for craft, part in _shared_by_craft(row, lines, figure, amount):
            sums[craft][figure] += part
    other = _("Other or unknown")
    crafts = [
        CraftRow(craft=craft or other, sales=figures["sales"], commission=figures["commission"])
        for craft, figures in sums.items()
    ]
    return sorted(crafts, key=lambda row: (-row.sales, row.craft))


def _shared_by_craft(
    row: Mapping[str, Any],
    lines: dict[int, list[tuple[str, Decimal, Decimal]]],
    figure: str,
    amount: Decimal,
) -> list[tuple[str, Decimal]]:
    sub_order_id = row["sub_order_id"]
    if not isinstance(sub_order_id, int):
        return [(str(row["stall_sale__variant__product__category__name"] or ""), amount)]
    order_lines = lines.get(sub_order_id, [])
    weights = [line[1] if figure == "sales" else line[2] for line in order_lines]
    if not order_lines or sum(weights) <= 0:
        return [("", amount)]
    parts = split_by_weights(amount, weights)
    return [(line[0], part) for line, part in zip(order_lines, parts, strict=True)]
