"""Payouts to producer groups: built from the ledger, sent by Stripe or by hand, never twice.

Never twice rests on three things. Building a payout debits the ledger in the same
transaction, and a partial unique constraint allows one open payout per group, so two runs
cannot pay the same earnings. A Stripe payout is marked processing (committed) before Stripe
is called, and every call for it carries the same idempotency key and transfer_group, so a
worker killed at any point is resumed by sending the identical request again (after looking
the transfer up, since Stripe forgets keys after 24 hours). A manual payout is paid by finance
outside the platform; they export it, then mark it paid with the bank's reference.

A failed payout credits its amount back to the ledger and tells finance; retrying builds a
new payout (with the group's current account details), linked to the failed one.
"""

import logging
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import ProducerGroupPage
from catalog.models.groups import PayoutMethod
from catalog.terms.selectors import payout_hold_reason
from marketplace.money import to_money
from marketplace.task_publishing import task_publish
from marketplace.users import User
from orders import stripe_api
from orders.finance.ledger_selectors import group_payable
from orders.models import (
    LedgerCause,
    LedgerEntry,
    LedgerKind,
    Payout,
    PayoutStatus,
)
from orders.notifications import payout_failed_notify, payout_sent_notify

logger = logging.getLogger(__name__)

MANUAL_METHODS = (PayoutMethod.BANK, PayoutMethod.JAZZCASH, PayoutMethod.EASYPAISA)
SMALLEST_PAYOUT = Decimal("0.01")


class PayoutError(Exception):
    """A payout change that is not allowed; the message is for the person who asked."""


def payout_method_for(group: ProducerGroupPage) -> str:
    """How `group` can be paid now, to its confirmed account (catalog.ProducerGroupTerms);
    raises PayoutError saying what is missing or why its payouts are held."""
    terms = group.commercial_terms
    if hold := payout_hold_reason(terms):
        raise PayoutError(hold)
    method = terms.payout_method
    if method == PayoutMethod.STRIPE:
        if not terms.stripe_account_id:
            raise PayoutError(_("The group has no Stripe connected account."))
        if group.country not in settings.STRIPE_CONNECT_COUNTRIES:
            raise PayoutError(
                _("Stripe cannot pay accounts in %(country)s: set a bank or wallet account.")
                % {"country": group.get_country_display()}
            )
        if not settings.STRIPE_SECRET_KEY:
            raise PayoutError(_("Stripe is not configured on this site."))
        return str(method)
    if method in MANUAL_METHODS:
        if not terms.payout_account_number.strip():
            raise PayoutError(_("The group's account number is missing."))
        return str(method)
    raise PayoutError(_("The group has no payout method."))


def payout_create(
    *,
    group_id: int,
    minimum: Decimal | None = None,
    created_by: User | None = None,
    retry_of: Payout | None = None,
) -> Payout:
    """Pay the group its whole available balance: a pending payout and its ledger debit.

    Raises PayoutError when the group has a payout in flight, cannot be paid, or is owed less
    than `minimum` (default settings.PAYOUT_MINIMUM); any other refusal by the database is
    raised as it came (IntegrityError). A Stripe payout is sent after commit.
    """
    minimum = settings.PAYOUT_MINIMUM if minimum is None else minimum
    try:
        with transaction.atomic():
            # One statement locks the group and reads its terms; the balance is read after
            # the lock. Another payout in flight is refused by the one-open-payout constraint
            # (IntegrityError below), so it is looked up only to explain a refusal. A run
            # seldom gets that far (it leaves such groups out, and a batch looks first); a
            # payout asked for by hand beside new earnings does, and spends a payout number.
            group = (
                ProducerGroupPage.objects.select_for_update(of=("self",))
                .select_related("terms")
                .get(pk=group_id)
            )
            try:
                method = payout_method_for(group)
                # Net of anything the group owes (refunds after earlier payouts): a group in
                # debt is paid nothing until its earnings cover the debt and the minimum again.
                available = group_payable(group.pk)
                payout_amount_check(available, minimum)
            except PayoutError:
                # A payout on its way has already taken the balance: that is the reason to give.
                if (on_its_way := payout_on_its_way(group.pk)) is not None:
                    raise on_its_way from None
                raise
            payout = payout_unsaved(
                group, method=method, amount=available, created_by=created_by, retry_of=retry_of
            )
            payout.save()
            payout_debit(payout).save()
            if payout.is_stripe:
                transaction.on_commit(lambda: payout_send_enqueue(payout_id=payout.pk))
            return payout
    except IntegrityError as error:
        # Another run opened a payout for this group first (the one-open-payout constraint).
        # Any other refusal is a fault to surface, not a reason to give finance.
        if (on_its_way := payout_on_its_way(group_id)) is not None:
            raise on_its_way from error
        raise


def payout_on_its_way(group_id: int) -> PayoutError | None:
    """The refusal to give when the group has a payout on its way (pending or processing)."""
    if Payout.objects.open().filter(producer_group_id=group_id).exists():
        return on_its_way_refusal()
    return None


def on_its_way_refusal() -> PayoutError:
    return PayoutError(_("A payout to this group is already on its way."))


def payout_amount_check(available: Decimal, minimum: Decimal) -> None:
    """Raises PayoutError when `available` is too little to pay out."""
    if available < max(to_money(minimum), SMALLEST_PAYOUT):
        raise PayoutError(_("The group's available balance is below the payout minimum."))


def payout_unsaved(
    group: ProducerGroupPage,
    *,
    method: str,
    amount: Decimal,
    created_by: User | None = None,
    retry_of: Payout | None = None,
) -> Payout:
    """A pending payout of `amount` to the group's confirmed account (never a proposed one),
    not saved yet; `method` as payout_method_for gave it."""
    account = group.commercial_terms
    is_stripe = method == PayoutMethod.STRIPE
    return Payout(
        producer_group=group,
        amount=amount,
        method=method,
        account_title=account.payout_account_title,
        account_number=account.payout_account_number,
        bank_name=account.payout_bank_name,
        stripe_account_id=account.stripe_account_id if is_stripe else "",
        created_by=created_by,
        retry_of=retry_of,
    )


def payout_debit(payout: Payout) -> LedgerEntry:
    """The ledger debit of a saved payout, not saved yet: keyed by the payout, so a payout
    is debited once."""
    return LedgerEntry(
        producer_group_id=payout.producer_group_id,
        payout=payout,
        kind=LedgerKind.PAYOUT,
        cause=LedgerCause.PAYOUT,
        amount=-payout.amount,
        event_key=f"payout:{payout.pk}",
        available_from=timezone.now(),
        note=payout.number,
    )


def payout_send_enqueue(*, payout_id: int) -> bool:
    """Hand a Stripe payout's send to Celery; False (logged) when the broker is down: the
    payout stays open and the pending-work sweep (orders.finance.pending_payouts) sends it later."""
    # Imported here: orders.tasks imports this module (cycle).
    from orders.tasks import send_payout

    options = {"queue": settings.PAYOUT_QUEUE} if settings.PAYOUT_QUEUE else {}
    return task_publish(send_payout, args=[payout_id], what=f"payout {payout_id}", **options)


def payout_send(*, payout_id: int) -> Payout:
    """Send an open Stripe payout; safe to run any number of times, even concurrently.

    Raises stripe_api.StripeUnavailable when the outcome is unknown: the payout stays
    processing and the same request is sent again later.
    """
    with transaction.atomic():
        payout = Payout.objects.select_for_update().get(pk=payout_id)
        if not payout.is_open or not payout.is_stripe:
            return payout
        resumed = payout.status == PayoutStatus.PROCESSING
        payout.status = PayoutStatus.PROCESSING
        payout.processing_at = payout.processing_at or timezone.now()
        payout.attempts += 1
        payout.save(update_fields=["status", "processing_at", "attempts"])
    # Committed: from here a lost worker leaves a processing payout, which is resumed.
    try:
        transfer = None
        if resumed:
            transfer = stripe_api.transfer_find(transfer_group=payout.transfer_group)
        if transfer is None:
            transfer = payout_transfer_create(payout)
    except stripe_api.StripeRefused as error:
        return payout_mark_failed(payout_id=payout.pk, reason=str(error))
    return _payout_paid(payout_id=payout.pk, reference=transfer.id, by=None)


def payout_transfer_create(payout: Payout) -> stripe_api.Transfer:
    """The Stripe transfer of a payout, under the payout's own idempotency key and group."""
    return stripe_api.transfer_create(
        amount=payout.amount,
        destination=payout.stripe_account_id,
        transfer_group=payout.transfer_group,
        idempotency_key=payout.idempotency_key,
        description=f"Crafts Mela {payout.number}",
        metadata={"payout": payout.number, "group": str(payout.producer_group_id)},
    )


def _payout_paid(*, payout_id: int, reference: str, by: User | None) -> Payout:
    """Record a payout as paid: by finance (`by`) for a manual one, by Stripe's answer (None)."""
    with transaction.atomic():
        payout = (
            Payout.objects.select_for_update().select_related("producer_group").get(pk=payout_id)
        )
        if payout.is_stripe and by is not None:
            raise PayoutError(_("Stripe payouts are marked paid by Stripe, not by hand."))
        if payout.status == PayoutStatus.PAID:
            if payout.reference == reference:
                return payout  # the same confirmation twice
            raise PayoutError(
                _("This payout was already marked paid with reference %(reference)s.")
                % {"reference": payout.reference}
            )
        if payout.status == PayoutStatus.FAILED:
            raise PayoutError(_("This payout failed; retry it instead."))
        if payout.status == PayoutStatus.REVERSED:
            return payout  # Stripe's reversal arrived before the transfer's answer
        payout.status = PayoutStatus.PAID
        payout.reference = reference
        payout.closed_at = timezone.now()
        payout.closed_by = by
        payout.save(update_fields=["status", "reference", "closed_at", "closed_by"])
        payout_sent_notify(
            group=payout.producer_group,
            payout_id=payout.pk,
            amount=payout.amount,
            reference=reference,
        )
        return payout


def payout_mark_paid(*, payout_id: int, reference: str, by: User) -> Payout:
    """Finance sent a manual payout: record the bank or wallet transaction reference."""
    reference = reference.strip()
    if not reference:
        raise PayoutError(_("Enter the bank or wallet transaction reference."))
    if len(reference) > (Payout._meta.get_field("reference").max_length or 0):
        raise PayoutError(_("The reference is too long."))
    return _payout_paid(payout_id=payout_id, reference=reference, by=by)


def payouts_mark_processing(*, payout_ids: list[int], by: User) -> list[Payout]:
    """Finance exported these manual payouts to send them: pending ones become processing.

    Returns every listed manual payout that is open (already processing ones included, so an
    export can be downloaded again), oldest first.
    """
    with transaction.atomic():
        payouts = list(
            Payout.objects.select_for_update()
            .open()
            .filter(pk__in=payout_ids, method__in=MANUAL_METHODS)
            .select_related("producer_group")
            .order_by("pk")
        )
        now = timezone.now()
        for payout in payouts:
            if payout.status == PayoutStatus.PENDING:
                payout.status = PayoutStatus.PROCESSING
                payout.processing_at = now
                payout.processing_by = by
                payout.save(update_fields=["status", "processing_at", "processing_by"])
        return payouts


def payout_mark_failed(*, payout_id: int, reason: str, by: User | None = None) -> Payout:
    """The payout did not reach the group: credit the amount back and tell finance.

    `by` is finance for a manual payout; None when Stripe refused the transfer. Failing a
    failed payout again changes nothing.
    """
    reason = reason.strip()
    if not reason:
        raise PayoutError(_("Say why the payout failed."))
    with transaction.atomic():
        payout = (
            Payout.objects.select_for_update().select_related("producer_group").get(pk=payout_id)
        )
        if payout.status == PayoutStatus.FAILED:
            return payout
        if payout.status in (PayoutStatus.PAID, PayoutStatus.REVERSED):
            raise PayoutError(_("This payout was paid; it cannot fail now."))
        if payout.is_stripe and by is not None:
            # The transfer may still be on its way: only Stripe's answer can fail it.
            raise PayoutError(_("Stripe payouts fail only when Stripe refuses them."))
        payout.status = PayoutStatus.FAILED
        payout.failure_reason = reason[:500]
        payout.closed_at = timezone.now()
        payout.closed_by = by
        payout.save(update_fields=["status", "failure_reason", "closed_at", "closed_by"])
        LedgerEntry.objects.create(
            producer_group_id=payout.producer_group_id,
            payout=payout,
            kind=LedgerKind.PAYOUT,
            cause=LedgerCause.PAYOUT_RETURNED,
            amount=payout.amount,
            event_key=f"payout-returned:{payout.pk}",
            available_from=timezone.now(),
            note=payout.number,
        )
        payout_failed_notify(payout=payout)
        return payout


def payout_retry(*, payout_id: int, by: User) -> Payout:
    """Build a new payout for a failed one's group (any available amount); idempotent."""
    with transaction.atomic():
        failed = Payout.objects.select_for_update().get(pk=payout_id)
        if failed.status != PayoutStatus.FAILED:
            raise PayoutError(_("Only a failed payout can be retried."))
        retried = Payout.objects.filter(retry_of=failed).first()
        if retried is not None:
            return retried
        return payout_create(
            group_id=failed.producer_group_id,
            minimum=SMALLEST_PAYOUT,
            created_by=by,
            retry_of=failed,
        )
