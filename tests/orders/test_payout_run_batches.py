"""The scheduled payout run hands the groups owed to build_payouts tasks in batches, so every
worker process builds payouts at once; a batch built twice pays nobody twice (issue 17)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders.models import Payout
from orders.tasks import PAYOUT_BUILD_BATCH, build_payouts, run_payouts
from tests.factories import make_payable_group

pytestmark = pytest.mark.django_db


def test_the_run_queues_every_group_owed_in_batches_and_each_is_paid_once(site_tree, settings):
    settings.PAYOUT_MINIMUM = Decimal("100.00")
    groups = [make_payable_group(f"Group {number}") for number in range(PAYOUT_BUILD_BATCH + 2)]

    # Called as a worker calls it (not eagerly): the batches are queued, and without a
    # broker in the tests (CELERY_TASK_ALWAYS_EAGER) each queued batch runs at once.
    summary = run_payouts.run()

    assert summary["queued_groups"] == len(groups)
    assert summary["created"] == []  # every batch was queued, none built by the run itself
    assert sorted(Payout.objects.values_list("producer_group_id", flat=True)) == sorted(
        group.pk for group in groups
    )
    assert {payout.amount for payout in Payout.objects.all()} == {Decimal("5000.00")}


def test_a_batch_delivered_again_builds_nothing_new(site_tree, settings):
    settings.PAYOUT_MINIMUM = Decimal("100.00")
    group_ids = [make_payable_group(f"Group {number}").pk for number in range(3)]

    first = build_payouts.run(group_ids)
    again = build_payouts.run(group_ids)

    assert len(first) == 3
    assert again == []
    assert Payout.objects.count() == 3


def test_in_process_the_run_builds_the_payouts_itself(site_tree, settings):
    settings.PAYOUT_MINIMUM = Decimal("100.00")
    group = make_payable_group()

    summary = run_payouts.apply().result

    assert summary["created"] == [Payout.objects.get(producer_group=group).pk]


def statements_to_build(group_count: int) -> int:
    group_ids = [make_payable_group(f"Group {group_count}-{n}").pk for n in range(group_count)]
    with CaptureQueriesContext(connection) as captured:
        built = build_payouts.run(group_ids)
    assert len(built) == group_count
    return len(captured.captured_queries)


def test_a_batch_costs_the_same_few_statements_for_two_groups_or_twenty(site_tree, settings):
    """Lock, what is on its way, what is owed, the payouts, their debits: one statement each
    for the whole batch, not a round of them per group (the run is 500 groups and more)."""
    settings.PAYOUT_MINIMUM = Decimal("100.00")

    assert statements_to_build(2) == statements_to_build(20) <= 8


def test_a_group_paid_by_hand_before_its_batch_ran_is_skipped_and_the_others_paid(site_tree):
    from orders.finance.payout_runs import payouts_build
    from orders.finance.payouts import payout_create

    groups = [make_payable_group(f"Group {number}") for number in range(3)]
    by_hand = payout_create(group_id=groups[1].pk)  # after the run listed it, before its batch

    with CaptureQueriesContext(connection) as captured:
        run = payouts_build(group_ids=[group.pk for group in groups])
    # Seen by the batch, which inserts its payouts at once: not refused by the database and
    # built again one by one.
    payout_inserts = [
        q for q in captured.captured_queries if 'INSERT INTO "orders_payout"' in q["sql"]
    ]
    assert len(payout_inserts) == 1

    assert "already on its way" in run.skipped[groups[1].pk]
    assert Payout.objects.get(producer_group=groups[1]) == by_hand
    assert [Payout.objects.get(pk=pk).producer_group_id for pk in run.created] == [
        groups[0].pk,
        groups[2].pk,
    ]
    for pk in run.created:  # each debited once, under its own payout's key
        payout = Payout.objects.get(pk=pk)
        [debit] = payout.ledger_entries.all()
        assert (debit.amount, debit.event_key) == (-payout.amount, f"payout:{pk}")


def test_a_batch_names_a_group_that_no_longer_exists_and_pays_the_others(site_tree):
    from catalog.models import ProducerGroupPage
    from orders.finance.payout_runs import payouts_build

    paid = make_payable_group()
    gone = ProducerGroupPage.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000

    run = payouts_build(group_ids=[gone, paid.pk])

    assert run.skipped == {gone: "The group no longer exists."}
    assert run.created == [Payout.objects.get(producer_group=paid).pk]
