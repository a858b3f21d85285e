"""The scheduled payout run hands the groups owed to build_payouts tasks in batches, so every
worker process builds payouts at once; a batch built twice pays nobody twice (issue 17)."""

from decimal import Decimal

import pytest

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
