"""Reads of the producer groups' ledger: balances and statements, for whom may see them.

A group's staff see their own groups' statements; finance staff (orders.manage_all_orders)
see every group's. Anything else is an empty queryset, so a view cannot leak another group.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from catalog.admin_menu import MenuFacts
from catalog.models import ProducerGroupPage
from marketplace.money import to_money
from marketplace.translations import default_locale_id
from marketplace.users import AnyUser
from orders.models import (
    FulfilmentMethod,
    LedgerCause,
    LedgerEntry,
    LedgerKind,
    PaymentMethod,
    SubOrderStatus,
)
from orders.selectors import MANAGE_ALL_PERMISSION, producer_groups_of


def with_courier_filter(prefix: str = "") -> Q:
    """Entries (under `prefix`, e.g. "ledger_entries__") of delivered cash-on-delivery
    parcels whose cash the courier still holds."""
    return Q(
        **{
            f"{prefix}available_from__isnull": True,
            f"{prefix}sub_order__status": SubOrderStatus.DELIVERED,
            f"{prefix}sub_order__order__payment_method": PaymentMethod.CASH_ON_DELIVERY,
            f"{prefix}sub_order__order__fulfilment": FulfilmentMethod.SHIP,
        }
    )


@dataclass(frozen=True)
class GroupBalance:
    """balance = available + held + with_courier. Held: not yet delivered, or still in the
    hold period. With courier: cash on delivery the courier collected and has not yet remitted
    (or whose remittance finance has not accepted).

    Any of them can be negative: a refund or return after a payout takes back money already
    paid, and the group owes it until new earnings cover it.
    """

    balance: Decimal
    available: Decimal
    held: Decimal
    with_courier: Decimal = Decimal("0.00")

    @property
    def payable(self) -> Decimal:
        """What a payout may send now: the available balance, never more than the whole
        balance (money owed on held entries is netted first), never below zero."""
        return max(min(self.available, self.balance), Decimal("0.00"))

    @property
    def owed(self) -> Decimal:
        """What the group owes the platform (positive), or zero."""
        return max(-self.balance, Decimal("0.00"))


@dataclass(frozen=True)
class StatementRow:
    entry: LedgerEntry
    balance_after: Decimal


def statement_groups_for_user(user: AnyUser) -> QuerySet[ProducerGroupPage]:
    """The producer groups whose statements `user` may see."""
    groups: QuerySet[ProducerGroupPage] = ProducerGroupPage.objects.all()
    if not user.is_authenticated or not user.is_active:
        return groups.none()
    if user.has_perm(MANAGE_ALL_PERMISSION):
        return groups.filter(locale_id=default_locale_id())
    return producer_groups_of(user)


def sees_a_statement_group(user: AnyUser, facts: MenuFacts) -> bool:
    """statement_groups_for_user(user).exists(), answered from the request's menu facts."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm(MANAGE_ALL_PERMISSION):
        return facts.a_source_group_exists
    return facts.staff_of_a_group


def _total(entries: QuerySet[LedgerEntry]) -> Decimal:
    return to_money(entries.aggregate(total=Sum("amount"))["total"] or 0)


def group_balance(group: ProducerGroupPage, *, now: datetime | None = None) -> GroupBalance:
    """What the group is owed in all, what of it may be paid out now, and what is held."""
    now = now or timezone.now()
    totals = LedgerEntry.objects.filter(producer_group=group).aggregate(
        balance=Sum("amount"),
        available=Sum("amount", filter=Q(available_from__lte=now)),
        with_courier=Sum("amount", filter=with_courier_filter()),
    )
    balance = to_money(totals["balance"] or 0)
    available = to_money(totals["available"] or 0)
    with_courier = to_money(totals["with_courier"] or 0)
    return GroupBalance(
        balance=balance,
        available=available,
        held=balance - available - with_courier,
        with_courier=with_courier,
    )


# A sum of LedgerEntry.amount, as SQL expressions over the ledger are typed.
MONEY = DecimalField(max_digits=12, decimal_places=2)


def payable_sum(now: datetime) -> Least:
    """GroupBalance.payable before it is floored at zero, as one aggregate over a group's
    entries: what is available at `now`, never more than the whole balance.

    The available sum is coalesced because PostgreSQL's LEAST skips a NULL: a group with
    nothing available yet would otherwise be owed its whole held balance there.
    """
    available = Coalesce(
        Sum("amount", filter=Q(available_from__lte=now)), Value(Decimal("0")), output_field=MONEY
    )
    return Least(available, Sum("amount"), output_field=MONEY)


def group_payable(group_id: int, *, now: datetime | None = None) -> Decimal:
    """What a payout may send the group now: group_balance(group).payable, in one statement."""
    return groups_payable([group_id], now=now).get(group_id, Decimal("0.00"))


def groups_payable(group_ids: Iterable[int], *, now: datetime | None = None) -> dict[int, Decimal]:
    """group_payable of each of `group_ids` that has ledger entries, in one statement.
    Payable needs only the available sum and the balance, so the courier's share is not
    summed apart and no orders are joined."""
    rows = (
        LedgerEntry.objects.filter(producer_group_id__in=list(group_ids))
        .values("producer_group_id")
        .annotate(payable=payable_sum(now or timezone.now()))
        .order_by()
    )
    return {
        row["producer_group_id"]: max(to_money(row["payable"] or 0), Decimal("0.00"))
        for row in rows
    }


@dataclass(frozen=True)
class MelaCash:
    """Money the group took itself at mela stalls: stall sales, and all cash it kept (stall
    sales and cash orders collected at its stall)."""

    stall_sales: Decimal
    cash_kept: Decimal


def mela_cash(group: ProducerGroupPage) -> MelaCash:
    totals = LedgerEntry.objects.filter(producer_group=group).aggregate(
        stall_sales=Sum("amount", filter=Q(kind=LedgerKind.SALE, cause=LedgerCause.MELA_SALE)),
        cash_kept=Sum("amount", filter=Q(kind=LedgerKind.CASH_KEPT)),
    )
    return MelaCash(
        stall_sales=to_money(totals["stall_sales"] or 0),
        cash_kept=-to_money(totals["cash_kept"] or 0),
    )


def statement_entries(
    group: ProducerGroupPage, *, start: datetime | None = None, end: datetime | None = None
) -> QuerySet[LedgerEntry]:
    """The group's entries recorded in [start, end), oldest first."""
    entries = LedgerEntry.objects.filter(producer_group=group)
    if start is not None:
        entries = entries.filter(created_at__gte=start)
    if end is not None:
        entries = entries.filter(created_at__lt=end)
    return entries.select_related("sub_order__order").order_by("pk")


def awaits_courier_cash(entry: LedgerEntry) -> bool:
    """The entry is dated when the courier's cash is remitted (its parcel is delivered)."""
    return (
        entry.available_from is None
        and entry.sub_order is not None
        and entry.sub_order.status == SubOrderStatus.DELIVERED
    )


def opening_balance(group: ProducerGroupPage, *, start: datetime | None) -> Decimal:
    """The group's balance just before `start` (zero without a start)."""
    if start is None:
        return Decimal("0.00")
    return _total(LedgerEntry.objects.filter(producer_group=group, created_at__lt=start))


def rows_oldest_first(entries: Iterable[LedgerEntry], *, opening: Decimal) -> list[StatementRow]:
    """Entries (oldest first) with the balance after each, starting from `opening`."""
    rows, balance = [], opening
    for entry in entries:
        balance += entry.amount
        rows.append(StatementRow(entry=entry, balance_after=balance))
    return rows


def rows_newest_first(group: ProducerGroupPage, entries: list[LedgerEntry]) -> list[StatementRow]:
    """A page of entries (newest first) with the running balance after each: one query."""
    if not entries:
        return []
    balance = _total(LedgerEntry.objects.filter(producer_group=group, pk__lte=entries[0].pk))
    rows = []
    for entry in entries:
        rows.append(StatementRow(entry=entry, balance_after=balance))
        balance -= entry.amount
    return rows
