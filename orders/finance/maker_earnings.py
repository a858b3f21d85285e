"""Makers' earnings: each maker's share, owed to her by her group, following the ledger.

When: at the moment the ledger records a sub-order's money as the group's (its "paid" entries,
orders.finance.ledger.ledger_record_sub_order_paid: card and transfer orders when paid, cash on
delivery when delivered, collect-at-stall cash when handed over), and when a stall sale enters
the ledger (orders.finance.mela_cash). Each is called inside the ledger's transaction, so the
group's book and the makers' move together or not at all.

How much: her piece rate copied onto the line at placement (OrderLineMaker) × pieces; for a
stall sale, the rate in force when the sale is recorded. Reversals follow the ledger's: a
cancelled or returned sub-order takes back every share; a refund takes back the refunded part
of the items in proportion (to the paisa, split over the makers by largest remainder). Insert-only
and idempotent: every row has an event key, unique per group.
"""

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum

from catalog.makers.selectors import maker_rates_of_products
from catalog.models import ArtisanPage, ProducerGroupPage
from events.models import StallSale
from marketplace.money import split_by_weights, to_money
from orders.finance.maker_notifications import makers_piece_sold_notify
from orders.models import (
    LedgerCause,
    LedgerEntry,
    LedgerKind,
    MakerEarning,
    OrderLineMaker,
    SubOrder,
)

ZERO = Decimal("0.00")
REVERSAL_PREFIX: dict[str, str] = {LedgerCause.CANCELLATION: "cancel", LedgerCause.RETURN: "return"}


def maker_earnings_record_sub_order(*, sub_order: SubOrder) -> list[MakerEarning]:
    """Record each maker's share of a sub-order whose money just became the group's."""
    if sub_order.producer_group_id is None:
        return []
    if MakerEarning.objects.filter(sub_order=sub_order, cause=LedgerCause.PAID).exists():
        return []
    snapshots = (
        OrderLineMaker.objects.filter(line__sub_order=sub_order)
        .select_related("line", "artisan")
        .order_by("line_id", "pk")
    )
    rows = []
    for snapshot in snapshots:
        amount = to_money(snapshot.piece_rate * snapshot.line.quantity)
        if amount == 0:
            continue
        rows.append(
            MakerEarning(
                producer_group_id=sub_order.producer_group_id,
                artisan=snapshot.artisan,
                maker_name=snapshot.maker_name,
                cause=LedgerCause.PAID,
                amount=amount,
                pieces=snapshot.line.quantity,
                piece_rate=snapshot.piece_rate,
                sub_order=sub_order,
                order_line=snapshot.line,
                event_key=f"paid:l{snapshot.line_id}:m{snapshot.pk}",
            )
        )
    created = MakerEarning.objects.bulk_create(rows)
    _notify(key=f"so{sub_order.pk}", group=sub_order.producer_group, rows=created)
    return created


def _notify(*, key: str, group: ProducerGroupPage | None, rows: list[MakerEarning]) -> None:
    """One message per maker, however many lines of hers the sale had."""
    per_maker: dict[int, tuple[ArtisanPage, int, Decimal]] = {}
    for row in rows:
        if row.artisan is None:
            continue
        artisan, pieces, amount = per_maker.get(row.artisan.pk, (row.artisan, 0, ZERO))
        per_maker[row.artisan.pk] = (artisan, pieces + row.pieces, amount + row.amount)
    if per_maker and group is not None:
        makers_piece_sold_notify(key=key, group=group, shares=list(per_maker.values()))


def _net_by_maker(sub_order: SubOrder) -> dict[tuple[int | None, int | None, str], dict[str, Any]]:
    """Each maker's net share per line so far, with what describes her (oldest first)."""
    rows = (
        MakerEarning.objects.filter(sub_order=sub_order)
        .values("order_line_id", "artisan_id", "maker_name", "piece_rate")
        .annotate(net=Sum("amount"), paid=Sum("amount", filter=Q(cause=LedgerCause.PAID)))
        .order_by("order_line_id", "artisan_id", "maker_name")
    )
    return {
        (row["order_line_id"], row["artisan_id"], row["maker_name"]): {
            **row,
            "net": to_money(row["net"] or 0),
            "paid": to_money(row["paid"] or 0),
        }
        for row in rows
    }


def _row(
    sub_order: SubOrder, maker: dict[str, Any], *, cause: str, amount: Decimal, key: str
) -> MakerEarning:
    assert sub_order.producer_group_id is not None  # only paid sub-orders have makers' rows
    return MakerEarning(
        producer_group_id=sub_order.producer_group_id,
        artisan_id=maker["artisan_id"],
        maker_name=maker["maker_name"],
        cause=cause,
        amount=amount,
        piece_rate=maker["piece_rate"],
        sub_order=sub_order,
        order_line_id=maker["order_line_id"],
        event_key=key,
    )


def maker_earnings_reverse_sub_order(*, sub_order: SubOrder, cause: str) -> list[MakerEarning]:
    """A cancelled or returned sub-order: bring each maker's share back to zero, once."""
    if MakerEarning.objects.filter(sub_order=sub_order, cause__in=list(REVERSAL_PREFIX)).exists():
        return []
    rows = [
        _row(
            sub_order,
            maker,
            cause=cause,
            amount=-maker["net"],
            key=f"{REVERSAL_PREFIX[cause]}:so{sub_order.pk}:{index}",
        )
        for index, maker in enumerate(_net_by_maker(sub_order).values())
        if maker["net"] != 0
    ]
    return MakerEarning.objects.bulk_create(rows)


def maker_earnings_follow_refund(*, sub_order: SubOrder) -> list[MakerEarning]:
    """Bring the makers' shares of a sub-order to the part of its items not refunded.

    The ledger's refund entries say how much of the sub-order's items went back to the buyer
    (cumulatively); the makers keep the same fraction of their shares, split to the paisa.
    """
    if sub_order.items_total <= 0:
        return []
    refunded_items = -to_money(
        LedgerEntry.objects.filter(
            sub_order=sub_order, cause=LedgerCause.REFUND, kind=LedgerKind.SALE
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )
    makers = list(_net_by_maker(sub_order).values())
    paid_total = sum((maker["paid"] for maker in makers), ZERO)
    if paid_total <= 0:
        return []
    kept = max(sub_order.items_total - refunded_items, ZERO)
    wanted_total = to_money(paid_total * kept / sub_order.items_total)
    wanted = split_by_weights(wanted_total, [maker["paid"] for maker in makers])
    count = MakerEarning.objects.filter(sub_order=sub_order, cause=LedgerCause.REFUND).count()
    rows = [
        _row(
            sub_order,
            maker,
            cause=LedgerCause.REFUND,
            amount=target - maker["net"],
            key=f"refund:so{sub_order.pk}:{count}:{index}",
        )
        for index, (maker, target) in enumerate(zip(makers, wanted, strict=True))
        if target != maker["net"]
    ]
    return MakerEarning.objects.bulk_create(rows)


def maker_earnings_record_stall_sale(*, sale: StallSale) -> list[MakerEarning]:
    """Each maker's share of a stall sale, at the rates in force when it is recorded."""
    if MakerEarning.objects.filter(stall_sale=sale).exists():
        return []
    rates = maker_rates_of_products([sale.variant.product_id]).get(sale.variant.product_id, [])
    rows = [
        MakerEarning(
            producer_group_id=sale.group_id,
            artisan=rate.artisan,
            maker_name=rate.artisan.full_name,
            cause=LedgerCause.MELA_SALE,
            amount=to_money(rate.piece_rate * sale.quantity),
            pieces=sale.quantity,
            piece_rate=rate.piece_rate,
            stall_sale=sale,
            event_key=f"stall-sale:{sale.pk}:a{rate.artisan_id}",
        )
        for rate in rates
        if rate.piece_rate > 0
    ]
    created = MakerEarning.objects.bulk_create(rows)
    _notify(key=f"stall{sale.pk}", group=sale.group, rows=created)
    return created


def maker_shares_by_sub_order(sub_order_ids: list[int]) -> dict[int, Decimal]:
    """The makers' net shares of each sub-order (for splits of what a buyer paid)."""
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    rows = (
        MakerEarning.objects.filter(sub_order_id__in=sub_order_ids)
        .values("sub_order_id")
        .annotate(total=Sum("amount"))
        .order_by("sub_order_id")
    )
    for row in rows:
        totals[row["sub_order_id"]] = to_money(row["total"] or 0)
    return dict(totals)
