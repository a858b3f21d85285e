"""Producer groups in debt: their balance is negative because refunds, returns or reversals
after a payout took back more than they have earned since. Finance (orders.manage_payouts)
only; anyone else gets an empty queryset.

The debt is settled by netting (orders.finance.payouts pays nothing until new earnings cover
it); this is the list finance watches, with how long each group has owed.
"""

from datetime import datetime
from decimal import Decimal

from django.db.models import F, OuterRef, QuerySet, Subquery, Sum, Value

from catalog.models import ProducerGroupPage
from marketplace.money import HALF_PAISA, to_money
from marketplace.users import AnyUser
from orders.finance.ledger_selectors import MONEY
from orders.finance.payout_selectors import manages_payouts
from orders.models import LedgerEntry, Payout

# A zero balance may come back from SQLite as -1e-13 (see HALF_PAISA).
LESS_THAN_A_PAISA = -HALF_PAISA


def groups_in_debt_for_user(user: AnyUser) -> QuerySet[ProducerGroupPage]:
    """Groups whose ledger balance is negative, each annotated with `balance`, `owed` (the
    positive amount owed) and its latest payout's `last_payout_id`, `_at` and `_status`."""
    groups: QuerySet[ProducerGroupPage] = ProducerGroupPage.objects.all()
    if not manages_payouts(user):
        return groups.none()
    balance = (
        LedgerEntry.objects.filter(producer_group=OuterRef("pk"))
        .order_by()
        .values("producer_group")
        .annotate(total=Sum("amount"))
        .values("total")[:1]
    )
    last_payout = Payout.objects.filter(producer_group=OuterRef("pk")).order_by("-pk")
    in_debt: QuerySet[ProducerGroupPage] = (
        groups.annotate(balance=Subquery(balance, output_field=MONEY))
        .filter(balance__lt=LESS_THAN_A_PAISA)
        .annotate(
            owed=Value(Decimal("0.00"), output_field=MONEY) - F("balance"),
            last_payout_id=Subquery(last_payout.values("pk")[:1]),
            last_payout_at=Subquery(last_payout.values("created_at")[:1]),
            last_payout_status=Subquery(last_payout.values("status")[:1]),
        )
    )
    return in_debt


def in_debt_since(group: ProducerGroupPage, *, balance: Decimal) -> datetime | None:
    """When the group's balance last turned negative: the date of the entry after which it
    has stayed below zero. Reads back from the newest entry only as far as that turn."""
    running = to_money(balance)
    if running >= 0:
        return None
    entries = (
        LedgerEntry.objects.filter(producer_group=group)
        .order_by("-pk")
        .values_list("amount", "created_at")
    )
    since = None
    for amount, created_at in entries.iterator(chunk_size=100):
        since = created_at
        running -= amount  # the balance just before this entry
        if running >= 0:
            break
    return since
