"""Writing the producer groups' ledger as orders are paid, delivered, cancelled and refunded.

When a sub-order counts as paid: a card or transfer order's sub-orders when the order's payment
is confirmed (orders.lifecycle.payments.payment_received); a cash-on-delivery
sub-order when it is delivered, because that is when its cash is collected
(ledger_mark_delivered). A paid sub-order gets three entries: its items (sale), the platform's
commission (negative) and its delivery charge, which the group keeps because it ships the
parcel; together they are exactly SubOrder.group_earnings. A cash-on-delivery order collected
at the group's mela stall was paid in cash to the group itself: it gets a fourth entry, cash
kept (minus what the group collected), so it leaves the group owing the commission.

Availability: every entry of a sub-order becomes available on the same date, the delivery plus
settings.LEDGER_HOLD_DAYS; until delivery it is empty (held). Cash on delivery carried by a
courier is the exception: it stays empty ("cash with courier") until finance accepts the
courier's remittance (ledger_mark_remitted, called by orders.finance.remittances). Refunds
and reversals of a sub-order share its date, so a refund during the hold lowers what is held,
and one after it lowers what is available. Entries are only ever added; every service here is
idempotent.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from marketplace.money import split_by_weights, to_money
from orders.models import (
    CLOSED_SUB_ORDER_STATUSES,
    FulfilmentMethod,
    LedgerCause,
    LedgerEntry,
    LedgerKind,
    Order,
    Payment,
    PaymentMethod,
    PaymentStatus,
    Refund,
    RefundStatus,
    SubOrder,
    SubOrderStatus,
)
from orders.models.ledger import LedgerError

ZERO = Decimal("0.00")
REFUND_KINDS = (LedgerKind.SALE, LedgerKind.DELIVERY, LedgerKind.COMMISSION)
# Causes that bring a sub-order's entries back to zero for good.
REVERSAL_CAUSES = (LedgerCause.CANCELLATION, LedgerCause.RETURN)
REVERSAL_KEYS: dict[str, str] = {LedgerCause.CANCELLATION: "cancel", LedgerCause.RETURN: "return"}


def _paid_key(sub_order: SubOrder) -> str:
    return f"paid:so{sub_order.pk}"


def _locked_sub_order(sub_order_id: int) -> SubOrder:
    return SubOrder.objects.select_for_update().select_related("order").get(pk=sub_order_id)


def _delivered_at(sub_order: SubOrder) -> datetime:
    return sub_order.delivered_at or timezone.now()


def cash_goes_through_courier(order: Order) -> bool:
    """Cash on delivery collected by a courier: the platform has it only once remitted."""
    return (
        order.payment_method == PaymentMethod.CASH_ON_DELIVERY
        and order.fulfilment == FulfilmentMethod.SHIP
    )


def cash_kept_by_group(order: Order) -> bool:
    """Cash on delivery paid to the group itself, at its mela stall."""
    return (
        order.payment_method == PaymentMethod.CASH_ON_DELIVERY
        and order.fulfilment == FulfilmentMethod.COLLECT_AT_MELA
    )


def _available_from(sub_order: SubOrder) -> datetime | None:
    """The date every entry of this sub-order becomes available, or None before delivery
    (and, for cash with a courier, before the remittance is accepted).

    Once the sub-order has a date it keeps it, whatever its status is now: a refund or
    reversal recorded after the parcel came back (or after a payout) must fall on the same
    side of the hold as the earnings it takes back, or a balance owed would hide as "held"
    and the next payout would pay it out again.
    """
    recorded = (
        LedgerEntry.objects.filter(sub_order=sub_order, available_from__isnull=False)
        .values_list("available_from", flat=True)
        .first()
    )
    if recorded is not None:
        return recorded
    if sub_order.status != SubOrderStatus.DELIVERED:
        return None
    if cash_goes_through_courier(sub_order.order):
        return None  # set when the courier's remittance is accepted (ledger_mark_remitted)
    return _delivered_at(sub_order) + timedelta(days=settings.LEDGER_HOLD_DAYS)


def _add(
    sub_order: SubOrder, *, kind: str, cause: str, amount: Decimal, key: str, note: str = ""
) -> LedgerEntry | None:
    amount = to_money(amount)
    if amount == 0:
        return None
    if sub_order.producer_group_id is None:
        raise LedgerError("A sub-order without a producer group has no ledger.")
    return LedgerEntry.objects.create(
        producer_group_id=sub_order.producer_group_id,
        sub_order=sub_order,
        kind=kind,
        cause=cause,
        amount=amount,
        event_key=key,
        available_from=_available_from(sub_order),
        note=note[:255],
    )


def ledger_record_sub_order_paid(*, sub_order_id: int) -> list[LedgerEntry]:
    """Record a paid sub-order's sale, commission and delivery; a second call adds nothing."""
    with transaction.atomic():
        sub_order = _locked_sub_order(sub_order_id)
        if sub_order.producer_group_id is None or sub_order.status in CLOSED_SUB_ORDER_STATUSES:
            return []
        key = _paid_key(sub_order)
        if LedgerEntry.objects.filter(sub_order=sub_order, event_key=key).exists():
            return []
        note = sub_order.order.number
        kept = sub_order.total if cash_kept_by_group(sub_order.order) else ZERO
        entries = [
            _add(sub_order, kind=kind, cause=LedgerCause.PAID, amount=amount, key=key, note=note)
            for kind, amount in (
                (LedgerKind.SALE, sub_order.items_total),
                (LedgerKind.COMMISSION, -sub_order.commission_total),
                (LedgerKind.DELIVERY, sub_order.delivery_charge),
                (LedgerKind.CASH_KEPT, -kept),
            )
        ]
        return [entry for entry in entries if entry is not None]


def ledger_record_order_paid(*, order: Order) -> None:
    """A card or transfer order is paid: record each of its sub-orders still to be sent."""
    if order.payment_status != PaymentStatus.PAID:
        return
    with transaction.atomic():
        live = SubOrder.objects.filter(order=order).exclude(status__in=CLOSED_SUB_ORDER_STATUSES)
        for sub_order_id in live.order_by("pk").values_list("pk", flat=True):
            ledger_record_sub_order_paid(sub_order_id=sub_order_id)


def _net_by_kind(sub_order: SubOrder, **filters: object) -> dict[str, Decimal]:
    rows = (
        LedgerEntry.objects.filter(sub_order=sub_order, **filters)
        .values("kind")
        .annotate(total=Sum("amount"))
        .order_by("kind")
    )
    return {row["kind"]: to_money(row["total"]) for row in rows}


def ledger_reverse_sub_order(
    *, sub_order_id: int, reason: str = "", cause: str = LedgerCause.CANCELLATION
) -> list[LedgerEntry]:
    """A paid sub-order was cancelled or returned: bring each of its kinds back to zero.

    Idempotent, and a sub-order is reversed once whatever the cause.
    """
    with transaction.atomic():
        sub_order = _locked_sub_order(sub_order_id)
        if LedgerEntry.objects.filter(sub_order=sub_order, cause__in=REVERSAL_CAUSES).exists():
            return []
        key = f"{REVERSAL_KEYS[cause]}:so{sub_order.pk}"
        entries = [
            _add(
                sub_order,
                kind=kind,
                cause=cause,
                amount=-net,
                key=key,
                note=reason or sub_order.order.number,
            )
            for kind, net in _net_by_kind(sub_order).items()
            if net != 0 and kind != LedgerKind.PAYOUT
        ]
        return [entry for entry in entries if entry is not None]


def order_refunded_sale(order: Order) -> Decimal:
    """How much of the order's price has gone back to the buyer, between 0 and its total.

    Money paid twice (a duplicate card payment, refunded automatically) was never the sale's:
    refunds count against the sale only beyond that surplus.
    """
    payments = Payment.objects.filter(
        order=order, status__in=[Payment.Status.SUCCEEDED, Payment.Status.REFUNDED]
    ).aggregate(received=Sum("amount"), refunded=Sum("refunded_amount"))
    received = to_money(payments["received"] or 0)
    refunded = to_money(payments["refunded"] or 0)
    # Refunds the lifecycle made for one sub-order are that sub-order's, reversed with it.
    attributed = Refund.objects.filter(
        order=order, status=RefundStatus.SENT, payment__isnull=False
    ).aggregate(total=Sum("amount"))["total"]
    refunded -= to_money(attributed or 0)
    surplus = max(received - order.grand_total, ZERO)
    return min(max(refunded - surplus, ZERO), order.grand_total)


@dataclass(frozen=True)
class RefundShare:
    """What a refund takes back from one sub-order, cumulatively (all positive)."""

    items: Decimal
    delivery: Decimal
    commission: Decimal


def refund_shares(
    refunded: Decimal, parts: list[tuple[Decimal, Decimal, Decimal]]
) -> list[RefundShare]:
    """Split a cumulative refund over sub-orders given as (items, delivery, commission).

    The refund is shared over every items and delivery amount in proportion (to the paisa,
    adding up exactly), and each sub-order gets back the commission on its refunded items
    at its own rate; a full refund gives back exactly everything.
    """
    weights = [amount for items, delivery, _commission in parts for amount in (items, delivery)]
    total = sum(weights, ZERO)
    if total <= 0:
        return [RefundShare(ZERO, ZERO, ZERO) for _part in parts]
    amounts = split_by_weights(min(to_money(refunded), total), weights)
    shares = []
    for index, (items, _delivery, commission) in enumerate(parts):
        items_back, delivery_back = amounts[2 * index], amounts[2 * index + 1]
        commission_back = to_money(commission * items_back / items) if items else ZERO
        shares.append(RefundShare(items_back, delivery_back, commission_back))
    return shares


def ledger_record_refund(*, order_id: int, refunded: Decimal | None = None) -> list[LedgerEntry]:
    """Bring the ledger to the order's refunded total (default: read from its payments).

    `refunded` is cumulative, so recording the same total again adds nothing, and partial
    refunds add only their difference. Sub-orders already reversed (cancelled, returned) are
    left at zero, and what earlier refunds had taken from them is not shared again.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        refunded = order_refunded_sale(order) if refunded is None else to_money(refunded)
        paid_ids = set(
            LedgerEntry.objects.filter(sub_order__order=order, cause=LedgerCause.PAID)
            .values_list("sub_order_id", flat=True)
            .distinct()
        )
        reversed_ids = set(
            LedgerEntry.objects.filter(sub_order__order=order, cause__in=REVERSAL_CAUSES)
            .values_list("sub_order_id", flat=True)
            .distinct()
        )
        # What earlier refunds took from sub-orders since reversed stays theirs; the rest of
        # the refunded total is shared over the sub-orders still standing.
        frozen = -to_money(
            LedgerEntry.objects.filter(
                sub_order_id__in=reversed_ids,
                cause=LedgerCause.REFUND,
                kind__in=[LedgerKind.SALE, LedgerKind.DELIVERY],
            ).aggregate(total=Sum("amount"))["total"]
            or 0
        )
        refunded = max(refunded - frozen, ZERO)
        live_ids = sorted(paid_ids - reversed_ids)
        sub_orders = [_locked_sub_order(pk) for pk in live_ids]  # one lock order
        shares = refund_shares(
            refunded,
            [(so.items_total, so.delivery_charge, so.commission_total) for so in sub_orders],
        )
        entries = []
        for sub_order, share in zip(sub_orders, shares, strict=True):
            before = _net_by_kind(sub_order, cause=LedgerCause.REFUND)
            wanted = {
                LedgerKind.SALE: -share.items,
                LedgerKind.DELIVERY: -share.delivery,
                LedgerKind.COMMISSION: share.commission,
            }
            # Unique even if the total ever comes back to an earlier value (a late duplicate
            # payment raises the surplus): the count of refund entries so far is in the key.
            recorded = LedgerEntry.objects.filter(sub_order=sub_order, cause=LedgerCause.REFUND)
            key = f"refund:so{sub_order.pk}:{int(refunded * 100)}:{recorded.count()}"
            for kind in REFUND_KINDS:
                entry = _add(
                    sub_order,
                    kind=kind,
                    cause=LedgerCause.REFUND,
                    amount=wanted[kind] - before.get(kind, ZERO),
                    key=key,
                    note=order.number,
                )
                if entry is not None:
                    entries.append(entry)
        return entries


def ledger_mark_delivered(*, sub_order_id: int) -> int:
    """A sub-order was delivered: start its hold period (and record cash on delivery as paid).

    Cash on delivery carried by a courier gets no availability date here: that waits for the
    courier's remittance (ledger_mark_remitted). Returns how many entries got their date.
    """
    with transaction.atomic():
        sub_order = _locked_sub_order(sub_order_id)
        if sub_order.status != SubOrderStatus.DELIVERED:
            return 0
        order = sub_order.order
        if (
            order.payment_method == PaymentMethod.CASH_ON_DELIVERY
            and order.payment_status == PaymentStatus.CASH_ON_DELIVERY
        ):
            ledger_record_sub_order_paid(sub_order_id=sub_order.pk)
        if cash_goes_through_courier(order):
            return 0
        available_from = _delivered_at(sub_order) + timedelta(days=settings.LEDGER_HOLD_DAYS)
        return LedgerEntry.objects.filter(sub_order=sub_order, available_from__isnull=True).update(
            available_from=available_from
        )


def ledger_mark_remitted(*, sub_order_id: int, accepted_at: datetime) -> int:
    """The courier's remittance for a delivered cash-on-delivery sub-order was accepted.

    Its entries become available at the later of the end of its hold period (delivery +
    settings.LEDGER_HOLD_DAYS, the time a buyer has to raise a problem) and `accepted_at`
    (when the platform knew it had the cash), never earlier. Only entries still without a
    date get one, so a second call changes nothing. Returns how many entries got their date.
    """
    with transaction.atomic():
        sub_order = _locked_sub_order(sub_order_id)
        if sub_order.status != SubOrderStatus.DELIVERED:
            return 0
        after_hold = _delivered_at(sub_order) + timedelta(days=settings.LEDGER_HOLD_DAYS)
        return LedgerEntry.objects.filter(sub_order=sub_order, available_from__isnull=True).update(
            available_from=max(after_hold, accepted_at)
        )
