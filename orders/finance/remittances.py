"""Couriers' cash-on-delivery remittances: only cash the platform has received becomes the
groups' available money.

A delivered cash-on-delivery parcel sent by courier is cash with the courier: its ledger
entries are recorded at delivery but have no availability date. Finance records what the
courier hands over and the sub-orders it covers. The amount must equal the sum of what the
courier had to collect for them (each sub-order's items + delivery). If it does, the
remittance is OK and each covered sub-order's entries become available at the later of the end
of its hold period and now (orders.finance.ledger.ledger_mark_remitted). If not, it is
FLAGGED with the difference and nothing becomes available; finance resolves it (records a
correction received and a note, then accepts it) or voids it to record it again.

These services change no order or sub-order status; they only date ledger entries.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.money import to_money
from marketplace.users import User
from orders.finance.ledger import ledger_mark_remitted
from orders.finance.remittance_selectors import (
    CASH_WITH_COURIER,
    RECORD_REMITTANCES_PERMISSION,
)
from orders.models import CourierRemittance, RemittanceLine, RemittanceStatus, SubOrder

ZERO = Decimal("0.00")


class RemittanceError(Exception):
    """A remittance that cannot be recorded or changed; the message is for finance."""


def _require_finance(user: User) -> None:
    if not (user.is_active and user.has_perm(RECORD_REMITTANCES_PERMISSION)):
        raise PermissionDenied


def _locked_sub_orders(sub_order_ids: list[int]) -> list[SubOrder]:
    """The sub-orders, locked in id order (one lock order for every remittance)."""
    return list(
        SubOrder.objects.select_for_update(of=("self",))
        .filter(pk__in=sorted(set(sub_order_ids)))
        .select_related("order")
        .order_by("pk")
    )


def _refuse_what_cannot_be_remitted(sub_orders: list[SubOrder], wanted: set[int]) -> None:
    missing = wanted - {sub_order.pk for sub_order in sub_orders}
    if missing:
        raise RemittanceError(_("Some of the chosen parcels do not exist."))
    eligible = set(
        SubOrder.objects.filter(CASH_WITH_COURIER, pk__in=wanted).values_list("pk", flat=True)
    )
    refused = [str(sub_order) for sub_order in sub_orders if sub_order.pk not in eligible]
    if refused:
        raise RemittanceError(
            _(
                "Only delivered cash-on-delivery parcels sent by courier can be remitted: "
                "%(parcels)s is not one."
            )
            % {"parcels": ", ".join(refused)}
        )
    covered = RemittanceLine.objects.filter(sub_order_id__in=wanted, released=False)
    taken = [
        f"{line.sub_order} ({line.remittance})"
        for line in covered.select_related("sub_order__order", "remittance")
    ]
    if taken:
        raise RemittanceError(
            _("Already covered by another remittance: %(parcels)s.") % {"parcels": ", ".join(taken)}
        )


def _accept(remittance: CourierRemittance) -> None:
    accepted_at = timezone.now()
    for sub_order_id in remittance.lines.order_by("sub_order_id").values_list(
        "sub_order_id", flat=True
    ):
        ledger_mark_remitted(sub_order_id=sub_order_id, accepted_at=accepted_at)


def remittance_record(
    *,
    by: User,
    courier: str,
    reference: str,
    amount: Decimal,
    received_on: date,
    sub_order_ids: list[int],
    note: str = "",
) -> CourierRemittance:
    """Record cash a courier handed over for the given delivered cash-on-delivery sub-orders.

    Saved as OK (the sub-orders' earnings become available) when `amount` equals what the
    courier had to collect for them, else as FLAGGED (nothing becomes available). Raises
    RemittanceError for a sub-order that is not a delivered cash-on-delivery parcel sent by
    courier or is already covered, or a reference this courier already used.
    """
    _require_finance(by)
    courier, reference = courier.strip(), reference.strip()
    amount = to_money(amount)
    if not courier or not reference:
        raise RemittanceError(_("Enter the courier and the courier's reference."))
    if amount <= 0:
        raise RemittanceError(_("Enter the amount received."))
    if received_on > timezone.localdate():
        raise RemittanceError(_("The date received cannot be in the future."))
    if not sub_order_ids:
        raise RemittanceError(_("Choose the parcels this remittance covers."))
    try:
        with transaction.atomic():
            sub_orders = _locked_sub_orders(sub_order_ids)
            _refuse_what_cannot_be_remitted(sub_orders, set(sub_order_ids))
            expected = sum((sub_order.total for sub_order in sub_orders), ZERO)
            remittance = CourierRemittance.objects.create(
                courier=courier,
                reference=reference,
                amount=amount,
                expected_amount=expected,
                received_on=received_on,
                status=RemittanceStatus.OK if amount == expected else RemittanceStatus.FLAGGED,
                note=note.strip()[:500],
                recorded_by=by,
            )
            RemittanceLine.objects.bulk_create(
                RemittanceLine(
                    remittance=remittance, sub_order=sub_order, cash_to_collect=sub_order.total
                )
                for sub_order in sub_orders
            )
            if remittance.is_accepted:
                _accept(remittance)
            return remittance
    except IntegrityError as error:
        raise RemittanceError(
            _(
                "Recorded at the same time by someone else: a parcel is already covered, or "
                "this courier's reference is already used."
            )
        ) from error


def _locked_flagged(remittance_id: int) -> CourierRemittance:
    remittance = CourierRemittance.objects.select_for_update().get(pk=remittance_id)
    if remittance.status != RemittanceStatus.FLAGGED:
        raise RemittanceError(
            _("Only a flagged remittance can be resolved or voided; this one is %(status)s.")
            % {"status": remittance.get_status_display()}
        )
    return remittance


def remittance_resolve(
    *, by: User, remittance_id: int, note: str, correction: Decimal = ZERO
) -> CourierRemittance:
    """Finance accepts a flagged remittance: what else the courier handed over (`correction`,
    negative if less) and why the rest of the difference is accepted (`note`, required).

    The covered sub-orders' earnings become available: the group is owed what its buyers
    paid, whatever the courier kept back; any difference left is the platform's to settle
    with the courier, and stays visible on the remittance.
    """
    _require_finance(by)
    note = note.strip()
    if not note:
        raise RemittanceError(_("Say how the difference was settled."))
    with transaction.atomic():
        remittance = _locked_flagged(remittance_id)
        remittance.status = RemittanceStatus.RESOLVED
        remittance.correction = to_money(correction)
        remittance.resolution_note = note[:500]
        remittance.resolved_by = by
        remittance.resolved_at = timezone.now()
        remittance.save(
            update_fields=["status", "correction", "resolution_note", "resolved_by", "resolved_at"]
        )
        _accept(remittance)
        return remittance


def remittance_void(*, by: User, remittance_id: int, note: str) -> CourierRemittance:
    """Finance voids a flagged remittance (typed wrong): its parcels may be covered again."""
    _require_finance(by)
    note = note.strip()
    if not note:
        raise RemittanceError(_("Say why the remittance is void."))
    with transaction.atomic():
        remittance = _locked_flagged(remittance_id)
        remittance.status = RemittanceStatus.VOID
        remittance.resolution_note = note[:500]
        remittance.resolved_by = by
        remittance.resolved_at = timezone.now()
        remittance.save(update_fields=["status", "resolution_note", "resolved_by", "resolved_at"])
        remittance.lines.update(released=True)
        return remittance
