"""Reads of makers' pay: per maker earned / paid / still owed, and who may see whose.

A group's staff see their own group's makers; finance (orders.manage_all_orders) sees every
group's, as with statements (orders.finance.ledger_selectors.statement_groups_for_user). Recording a
payment is the group's own act: only its staff may (maker_payment_groups_for_user).
Rows are keyed by artisan (her name as copied on the rows when her page is gone), so figures
can be grouped by the group's district or the artisan's craft for the impact figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum

from catalog.models import ArtisanPage, ProducerGroupPage
from marketplace.money import to_money
from marketplace.users import AnyUser
from orders.finance.ledger_selectors import statement_groups_for_user
from orders.models import LedgerEntry, LedgerKind, MakerEarning, MakerPayment
from orders.selectors import producer_groups_of

ZERO = Decimal("0.00")


def maker_statement_groups_for_user(user: AnyUser) -> QuerySet[ProducerGroupPage]:
    groups: QuerySet[ProducerGroupPage] = statement_groups_for_user(user)
    return groups


def maker_payment_groups_for_user(user: AnyUser) -> QuerySet[ProducerGroupPage]:
    groups = producer_groups_of(user)
    if not user.is_authenticated or not user.is_active:
        return groups.none()
    return groups


@dataclass
class MakerAccount:
    """One maker's account with her group: what she earned, was paid and is still owed."""

    artisan_id: int | None
    name: str
    earned: Decimal = ZERO
    paid: Decimal = ZERO
    pieces: int = 0
    phone_ok: bool = False

    @property
    def owed(self) -> Decimal:
        return self.earned - self.paid


def _key(artisan_id: int | None, name: str) -> tuple[int | None, str]:
    return (artisan_id, "" if artisan_id else name)


def maker_accounts(group: ProducerGroupPage) -> list[MakerAccount]:
    """Every maker of the group (with or without money yet), by name; three queries."""
    earnings = MakerEarning.objects.filter(producer_group=group)
    payments = MakerPayment.objects.filter(producer_group=group)
    accounts: dict[tuple[int | None, str], MakerAccount] = {}
    for artisan in ArtisanPage.objects.filter(producer_group=group).only(
        "pk", "full_name", "phone", "sms_consent"
    ):
        accounts[_key(artisan.pk, "")] = MakerAccount(
            artisan.pk, artisan.full_name, phone_ok=artisan.can_be_texted
        )
    for row in (
        earnings.values("artisan_id", "maker_name")
        .annotate(total=Sum("amount"), pieces=Sum("pieces"))
        .order_by()
    ):
        key = _key(row["artisan_id"], row["maker_name"])
        account = accounts.setdefault(key, MakerAccount(row["artisan_id"], row["maker_name"]))
        account.earned += to_money(row["total"] or 0)
        account.pieces += row["pieces"] or 0
    paid_rows = payments.values("artisan_id", "maker_name").annotate(total=Sum("amount"))
    for paid in paid_rows.order_by():
        key = _key(paid["artisan_id"], paid["maker_name"])
        account = accounts.setdefault(key, MakerAccount(paid["artisan_id"], paid["maker_name"]))
        account.paid += to_money(paid["total"] or 0)
    return sorted(
        accounts.values(), key=lambda account: (account.name.lower(), account.artisan_id or 0)
    )


def maker_owed(artisan: ArtisanPage) -> Decimal:
    """What her group still owes her: all her earnings less all its payments to her."""
    earned = MakerEarning.objects.filter(artisan=artisan).aggregate(total=Sum("amount"))["total"]
    paid = MakerPayment.objects.filter(artisan=artisan).aggregate(total=Sum("amount"))["total"]
    return to_money(earned or 0) - to_money(paid or 0)


def maker_payments_of_group(group: ProducerGroupPage) -> QuerySet[MakerPayment]:
    payments: QuerySet[MakerPayment] = MakerPayment.objects.filter(producer_group=group)
    return payments.select_related("recorded_by")


@dataclass(frozen=True)
class MoneySplit:
    """Where what a buyer paid for an order went, from the books: makers, group, platform,
    delivery. `group` is the group's part after its makers' shares (its costs and margin)."""

    makers: Decimal
    group: Decimal
    commission: Decimal
    delivery: Decimal

    @property
    def total(self) -> Decimal:
        return self.makers + self.group + self.commission + self.delivery


def order_money_split(order_id: int) -> MoneySplit:
    """The split of an order's money as the ledger and the makers' earnings record it now
    (refunds and reversals included); two queries."""
    by_kind = {
        row["kind"]: to_money(row["total"] or 0)
        for row in LedgerEntry.objects.filter(
            sub_order__order_id=order_id,
            kind__in=[LedgerKind.SALE, LedgerKind.COMMISSION, LedgerKind.DELIVERY],
        )
        .values("kind")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    makers = to_money(
        MakerEarning.objects.filter(sub_order__order_id=order_id).aggregate(total=Sum("amount"))[
            "total"
        ]
        or 0
    )
    commission = -by_kind.get(LedgerKind.COMMISSION, ZERO)
    sales = by_kind.get(LedgerKind.SALE, ZERO)
    return MoneySplit(
        makers=makers,
        group=sales - commission - makers,
        commission=commission,
        delivery=by_kind.get(LedgerKind.DELIVERY, ZERO),
    )
