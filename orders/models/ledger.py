"""The producer groups' ledger: what each group has earned, been charged and been paid.

Insert-only. A group's balance is the sum of its entries; a correction is a new entry (a
refund, a cancellation's reversal), never an edit. The one later write is `available_from`,
set once (from empty) by orders.finance.ledger.ledger_mark_delivered when the parcel arrives,
or, for cash on delivery carried by a courier, by ledger_mark_remitted when the courier has
handed the cash over (orders.finance.remittances).
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerError(Exception):
    """An attempt to change or remove a recorded ledger entry."""


class LedgerKind(models.TextChoices):
    SALE = "sale", _("Sales")
    COMMISSION = "commission", _("Platform commission")
    DELIVERY = "delivery", _("Delivery charge")
    PAYOUT = "payout", _("Payout")
    # Cash the group took itself (at its mela stall): it counts against what it is owed.
    CASH_KEPT = "cash_kept", _("Cash kept by the group")


class LedgerCause(models.TextChoices):
    PAID = "paid", _("Order paid")
    REFUND = "refund", _("Refund to the buyer")
    CANCELLATION = "cancellation", _("Cancelled after payment")
    RETURN = "return", _("Returned by the buyer")
    PAYOUT = "payout", _("Payout to the group")
    PAYOUT_RETURNED = "payout_returned", _("Payout failed, amount returned")
    PAYOUT_REVERSED = "payout_reversed", _("Payout reversed by Stripe")
    MELA_SALE = "mela_sale", _("Sale at a mela stall")


class LedgerEntryQuerySet(models.QuerySet["LedgerEntry"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise LedgerError("Ledger entries are never deleted; record a reversing entry.")

    def update(self, **kwargs: Any) -> int:
        if set(kwargs) != {"available_from"}:
            raise LedgerError("Ledger entries are never edited; record a reversing entry.")
        return super().update(**kwargs)


class LedgerEntry(models.Model):
    """One signed amount in a producer group's account (positive: owed to the group)."""

    producer_group = models.ForeignKey(
        "catalog.ProducerGroupPage",
        verbose_name=_("producer group"),
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    sub_order = models.ForeignKey(
        "orders.SubOrder",
        verbose_name=_("sub-order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    payout = models.ForeignKey(
        "orders.Payout",
        verbose_name=_("payout"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    stall_sale = models.ForeignKey(
        "events.StallSale",
        verbose_name=_("stall sale"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LedgerKind.choices)
    cause = models.CharField(_("reason"), max_length=16, choices=LedgerCause.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    # What makes this entry unique for its group and kind: "paid:so12", "refund:so12:500000",
    # "cancel:so12", "payout:7", "payout-returned:7", "payout-reversed:7:50000" and
    # "stall-sale:5". Recording the same event twice hits the unique constraint instead of
    # counting the money twice.
    event_key = models.CharField(max_length=64, editable=False)
    # Empty: not available until the sub-order is delivered; then delivery + the hold period
    # (cash on delivery carried by a courier: once the courier's remittance is accepted).
    available_from = models.DateTimeField(_("available from"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["producer_group", "available_from"])]
        constraints = [
            models.UniqueConstraint(
                fields=["producer_group", "kind", "event_key"], name="ledger_event_recorded_once"
            ),
            models.CheckConstraint(condition=~models.Q(amount=0), name="ledger_amount_not_zero"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise LedgerError("Ledger entries are never edited; record a reversing entry.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerError("Ledger entries are never deleted; record a reversing entry.")
