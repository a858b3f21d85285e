"""Stripe reversing a payout's transfer: the payout becomes reversed and the money comes back.

Stripe sends `transfer.reversed` for every reversal, partial or whole, with the transfer's
cumulative `amount_reversed`. The ledger is brought up to that total (like refunds): each
credit is keyed `payout-reversed:<payout id>:<paisa reversed so far>`, and the payout row is
locked while it is worked out, so a redelivered, duplicated or out-of-order event credits
nothing twice. A payout keeps its transfer's reversal record in `reversed_amount` and
`reversed_at`; what was reversed is available at once (the money is back on the platform).

The transition: paid (or processing, if the reversal beats the transfer's own answer) →
reversed, and reversed → reversed for a later, larger reversal. Pending and failed payouts have
no transfer to reverse; such an event, or one for a transfer we never made, is only logged.
"""

import logging
import re

from django.db import transaction
from django.utils import timezone

from orders import stripe_api
from orders.models import LedgerCause, LedgerEntry, LedgerKind, Payout, PayoutStatus

logger = logging.getLogger(__name__)

REVERSIBLE = (PayoutStatus.PROCESSING, PayoutStatus.PAID, PayoutStatus.REVERSED)
_TRANSFER_GROUP = re.compile(r"payout-(\d+)")


def _payout_id_of(transfer: stripe_api.Transfer) -> int | None:
    """Our payout behind a Stripe transfer: by its recorded transfer id, else its group."""
    found = (
        Payout.objects.filter(method="stripe", reference=transfer.id)
        .values_list("pk", flat=True)
        .first()
    )
    if found is not None:
        return found
    match = _TRANSFER_GROUP.fullmatch(transfer.transfer_group)
    if match is None:
        return None
    return (
        Payout.objects.filter(pk=int(match[1]), method="stripe", reference__in=["", transfer.id])
        .values_list("pk", flat=True)
        .first()
    )


def payout_transfer_reversed(*, transfer: stripe_api.Transfer) -> str:
    """Record Stripe's reversal of a payout's transfer; returns what happened (for the log).

    Idempotent: only the part of `transfer.amount_reversed` not credited yet is credited.
    """
    payout_id = _payout_id_of(transfer)
    if payout_id is None:
        logger.warning("transfer.reversed for %s, which is no payout of ours: ignored", transfer.id)
        return "ignored"
    with transaction.atomic():
        payout = Payout.objects.select_for_update().get(pk=payout_id)
        if payout.status not in REVERSIBLE:
            logger.warning(
                "transfer.reversed for %s, payout %s is %s: ignored",
                transfer.id,
                payout.number,
                payout.status,
            )
            return "ignored"
        reversed_total = min(stripe_api.from_minor_units(transfer.amount_reversed), payout.amount)
        credit = reversed_total - payout.reversed_amount
        if credit <= 0:
            return "already recorded"
        now = timezone.now()
        payout.status = PayoutStatus.REVERSED
        payout.reversed_amount = reversed_total
        payout.reversed_at = now
        payout.reference = payout.reference or transfer.id
        payout.save(update_fields=["status", "reversed_amount", "reversed_at", "reference"])
        LedgerEntry.objects.create(
            producer_group_id=payout.producer_group_id,
            payout=payout,
            kind=LedgerKind.PAYOUT,
            cause=LedgerCause.PAYOUT_REVERSED,
            amount=credit,
            event_key=f"payout-reversed:{payout.pk}:{stripe_api.to_minor_units(reversed_total)}",
            available_from=now,
            note=payout.number,
        )
    logger.warning(
        "Stripe reversed %s of payout %s (transfer %s): credited back to the group",
        credit,
        payout.number,
        transfer.id,
    )
    return "reversed"
