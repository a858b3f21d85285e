"""On PostgreSQL, payout runs racing each other pay every group once."""

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from orders.finance.ledger_selectors import group_balance
from orders.finance.payout_runs import payouts_run
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


def test_a_batch_does_not_wait_on_orders_and_ledger_entries_being_written_for_its_groups(
    site_tree,
):
    """A checkout or refund writing rows for several groups takes a key-share lock on each
    group as PostgreSQL checks its foreign keys (at commit, in no set order). A batch that
    waited on those while holding other groups' locks could deadlock with it: the batch's
    locks keep out other payout builders only."""
    from django.db import connections

    from orders.finance.payout_runs import payouts_build

    groups = [make_payable_group(f"Group {index}") for index in range(3)]
    writer = connections.create_connection("default")  # another session: the checkout
    try:
        writer.set_autocommit(False)
        with writer.cursor() as cursor:
            cursor.execute(
                "SELECT page_ptr_id FROM catalog_producergrouppage WHERE page_ptr_id IN (%s, %s)"
                " FOR KEY SHARE",
                [groups[2].pk, groups[0].pk],
            )
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '3s'")  # a wait fails the test, not hangs it
        run = payouts_build(group_ids=[group.pk for group in groups])
    finally:
        writer.rollback()
        writer.close()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")

    assert len(run.created) == 3 and run.skipped == {}
