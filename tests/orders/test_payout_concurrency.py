"""On PostgreSQL, payout runs racing each other pay every group once."""

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from orders.finance.ledger_selectors import group_balance
from orders.finance.payouts import payouts_run
from orders.models import LedgerEntry, LedgerKind, Payout
from tests.factories import make_payable_group

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

GROUPS = 12
RUNS = 8


def run_payouts() -> list[int]:
    try:
        return payouts_run().created
    finally:
        connection.close()


def test_eight_simultaneous_runs_make_one_payout_per_group(site_tree):
    assert connection.vendor == "postgresql"
    groups = [
        make_payable_group(f"Group {index}", earned=Decimal("1234.56") + index)
        for index in range(GROUPS)
    ]

    with ThreadPoolExecutor(max_workers=RUNS) as pool:
        created = [pk for run in pool.map(lambda _i: run_payouts(), range(RUNS)) for pk in run]

    print(f"\n{RUNS} runs over {GROUPS} groups created {len(created)} payouts")
    assert sorted(created) == sorted(Payout.objects.values_list("pk", flat=True))
    assert Payout.objects.count() == GROUPS
    for index, group in enumerate(groups):
        payout = Payout.objects.get(producer_group=group)
        assert payout.amount == Decimal("1234.56") + index
        assert group_balance(group).available == 0
    debits = LedgerEntry.objects.filter(kind=LedgerKind.PAYOUT).aggregate(total=Sum("amount"))
    assert -debits["total"] == sum(Payout.objects.values_list("amount", flat=True))
