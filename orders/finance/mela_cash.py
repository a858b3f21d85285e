"""Cash taken at a mela: stall sales and collect-at-stall orders paid in cash enter the ledger.

The rule: the group keeps the cash it takes at its stall, and owes the platform its commission
on it. A stall sale is recorded as three entries, all available at once (the group already has
the cash) and all with the cause "mela sale": the sale (+total), the platform's commission
(-commission, at the group's rate snapshotted on the sale) and the cash kept by the group
(-total). They net to -commission, which the next payout nets off. A cash-on-delivery order
collected at the stall is the same money: when handed over it is recorded as paid (sale,
commission, delivery) plus cash kept (-what the group collected) by
orders.finance.ledger.ledger_record_sub_order_paid; it is never "cash with courier". A
collect-at-stall order paid by card or transfer is an ordinary paid order.

Keeping mela sales in the ledger means statements, and later makers' earnings and impact
figures, count them like online sales.
"""

from django.db import transaction

from events.models import StallSale
from orders.models import LedgerCause, LedgerEntry, LedgerKind


def stall_sale_key(sale: StallSale) -> str:
    return f"stall-sale:{sale.pk}"


def ledger_record_stall_sale(*, stall_sale_id: int) -> list[LedgerEntry]:
    """Record a stall sale's sale, commission and cash kept; a second call adds nothing.

    Sales recorded before commission was snapshotted on them (no rate) stay out.
    """
    with transaction.atomic():
        sale = StallSale.objects.select_for_update().select_related("mela").get(pk=stall_sale_id)
        key = stall_sale_key(sale)
        if sale.commission_rate is None or sale.commission is None:
            return []
        if LedgerEntry.objects.filter(stall_sale=sale, event_key=key).exists():
            return []
        note = f"{sale.mela.title}, {sale.sale_day:%Y-%m-%d}"
        entries = [
            LedgerEntry.objects.create(
                producer_group_id=sale.group_id,
                stall_sale=sale,
                kind=kind,
                cause=LedgerCause.MELA_SALE,
                amount=amount,
                event_key=key,
                available_from=sale.recorded_at,
                note=note[:255],
            )
            for kind, amount in (
                (LedgerKind.SALE, sale.total),
                (LedgerKind.COMMISSION, -sale.commission),
                (LedgerKind.CASH_KEPT, -sale.total),
            )
            if amount != 0
        ]
        return entries
