"""The payout run: a payout for every producer group owed the minimum, built in batches.

A batch of groups is one transaction of a fixed number of statements, whatever its size: lock
the groups (in id order, so that two runs never wait on each other crosswise), see which have a
payout on its way, sum what each is owed, insert the payouts, insert their ledger debits. The
guarantees are payout_create's: the balance is read under the group's lock, one open payout per
group is a database constraint, and each payout debits the ledger in the transaction that
makes it. If the database refuses any row of a batch, the batch is rolled back and built again
one group at a time (payout_create), so only the group it refuses is left out.
"""

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import ProducerGroupPage
from catalog.models.groups import PayoutMethod
from marketplace.money import HALF_PAISA, to_money
from orders.finance.ledger_selectors import groups_payable, payable_sum
from orders.finance.payouts import (
    SMALLEST_PAYOUT,
    PayoutError,
    on_its_way_refusal,
    payout_amount_check,
    payout_create,
    payout_debit,
    payout_method_for,
    payout_send_enqueue,
    payout_unsaved,
)
from orders.models import LedgerEntry, Payout

logger = logging.getLogger(__name__)

PAYOUT_BUILD_BATCH = 25  # groups locked and built in one transaction (and one build task)


@dataclass
class PayoutRun:
    """What a scheduled run did: payouts built, Stripe payouts resent, groups it could not pay."""

    created: list[int] = field(default_factory=list)
    resent: list[int] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)


def groups_owed_at_least(minimum: Decimal) -> dict[int, Decimal]:
    """Payable balance by group id (available, but never more than the whole balance), for
    groups owed at least `minimum` with no payout in flight, in id order."""
    busy = Payout.objects.open().values("producer_group_id")
    minimum = max(to_money(minimum), SMALLEST_PAYOUT)  # as payout_amount_check compares it
    rows = (
        LedgerEntry.objects.exclude(producer_group_id__in=busy)
        .values("producer_group_id")
        .annotate(payable=payable_sum(timezone.now()))
        # Half a paisa of slack in SQL, the exact test once rounded: on SQLite a balance of
        # exactly the minimum can sum to a hair below it.
        .filter(payable__gte=minimum - HALF_PAISA)
        .order_by("producer_group_id")
    )
    owed = ((row["producer_group_id"], to_money(row["payable"])) for row in rows)
    return {group_id: payable for group_id, payable in owed if payable >= minimum}


def payouts_run(*, minimum: Decimal | None = None) -> PayoutRun:
    """Build a payout for every group owed the minimum; resend Stripe payouts left open.

    A group that cannot be paid, or that the database refuses (logged), never stops the others.
    """
    minimum = settings.PAYOUT_MINIMUM if minimum is None else minimum
    left_open = stripe_payouts_left_open()
    run = payouts_build(group_ids=list(groups_owed_at_least(minimum)), minimum=minimum)
    for payout_id in left_open:
        payout_send_enqueue(payout_id=payout_id)
        run.resent.append(payout_id)
    return run


def stripe_payouts_left_open() -> list[int]:
    """Stripe payouts still open (a lost worker, Stripe unreachable): to be sent again."""
    return list(
        Payout.objects.open()
        .filter(method=PayoutMethod.STRIPE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def payouts_build(*, group_ids: list[int], minimum: Decimal | None = None) -> PayoutRun:
    """Build a payout for each of `group_ids` owed at least `minimum`, PAYOUT_BUILD_BATCH
    groups a transaction; a group that cannot be paid is skipped with the reason, one the
    database refuses (IntegrityError) is skipped and logged with its trace."""
    minimum = settings.PAYOUT_MINIMUM if minimum is None else minimum
    run = PayoutRun()
    for start in range(0, len(group_ids), PAYOUT_BUILD_BATCH):
        batch = group_ids[start : start + PAYOUT_BUILD_BATCH]
        built = _batch_build(batch, minimum)
        if built is None:  # nothing written (a refused row, an aborted batch): one by one
            built = _one_by_one_build(batch, minimum)
        run.created += built.created
        run.skipped.update(built.skipped)
    if run.skipped:
        logger.warning("Payout run skipped %d groups: %s", len(run.skipped), run.skipped)
    return run


def _batch_build(group_ids: list[int], minimum: Decimal) -> PayoutRun | None:
    """The payouts of `group_ids` in one transaction of a few statements; None (nothing
    written) when the database refuses any row or aborts the transaction (a deadlock), or
    cannot give back the ids of rows inserted together (the debits are keyed by them)."""
    if not connection.features.can_return_rows_from_bulk_insert:
        return None
    try:
        with transaction.atomic():
            return _batch_write(group_ids, minimum)
    except IntegrityError:
        return None
    except OperationalError:
        logger.warning("A payout batch was aborted; built one group at a time", exc_info=True)
        return None


def _batch_write(group_ids: list[int], minimum: Decimal) -> PayoutRun:
    run = PayoutRun()
    # FOR NO KEY UPDATE: it keeps out every other payout builder of these groups (payout_create
    # locks FOR UPDATE) but not the foreign-key checks of orders and ledger entries written
    # meanwhile for several of them, which would otherwise wait on the batch's locks while the
    # batch waits on theirs (PostgreSQL checks foreign keys at commit, in no particular order).
    groups = ProducerGroupPage.objects.select_for_update(of=("self",), no_key=True)
    groups = groups.select_related("terms")
    locked = {group.pk: group for group in groups.filter(pk__in=group_ids).order_by("pk")}
    on_its_way = set(
        Payout.objects.open()
        .filter(producer_group_id__in=locked)
        .values_list("producer_group_id", flat=True)
    )
    payable = groups_payable(locked)  # read under the locks
    payouts = []
    for group_id in group_ids:
        group = locked.get(group_id)
        try:
            if group is None:
                raise PayoutError(_("The group no longer exists."))
            if group_id in on_its_way:
                raise on_its_way_refusal()
            method = payout_method_for(group)
            available = payable.get(group_id, Decimal("0.00"))
            payout_amount_check(available, minimum)
        except PayoutError as error:
            run.skipped[group_id] = str(error)
            continue
        payouts.append(payout_unsaved(group, method=method, amount=available))
    Payout.objects.bulk_create(payouts)
    LedgerEntry.objects.bulk_create([payout_debit(payout) for payout in payouts])
    for payout in payouts:
        run.created.append(payout.pk)
        if payout.is_stripe:
            transaction.on_commit(partial(payout_send_enqueue, payout_id=payout.pk))
    return run


def _one_by_one_build(group_ids: list[int], minimum: Decimal) -> PayoutRun:
    """Each group its own transaction (payout_create), so a refusal leaves out that group only."""
    run = PayoutRun()
    for group_id in group_ids:
        try:
            run.created.append(payout_create(group_id=group_id, minimum=minimum).pk)
        except PayoutError as error:
            run.skipped[group_id] = str(error)
        except IntegrityError:
            # A fault, not a reason (payout_create): its trace is logged, the others are paid.
            logger.exception("The database refused a payout to group %s", group_id)
            run.skipped[group_id] = _("The database refused the payout: see the error log.")
        except ProducerGroupPage.DoesNotExist:
            run.skipped[group_id] = _("The group no longer exists.")
    return run
