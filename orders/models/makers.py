"""Makers' pay: the rates copied onto each sale, what each maker earned, what her group paid her.

The group's book, not the platform's money: nothing here moves money. OrderLineMaker is the
rate in force when the order was placed (one row per line per maker), so a later change of
rate changes no sale. MakerEarning is insert-only like the groups' ledger: a maker's share is
recorded when the sub-order's money becomes the group's, or when a stall sale is recorded, and
a refund, cancellation or return adds a reversing row (orders.finance.maker_earnings).
MakerPayment is what the group says it paid her. Owed = sum(earnings) − sum(payments).

The maker's name is copied on each row because the rows must outlive her page; district and
craft are reached through `producer_group` and `artisan` for the impact figures.
"""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orders.models.ledger import LedgerCause, LedgerError


class OrderLineMaker(models.Model):
    """One maker of an order line, with her piece rate and hours as they were at the sale."""

    line = models.ForeignKey("orders.OrderLine", on_delete=models.CASCADE, related_name="makers")
    artisan = models.ForeignKey(
        "catalog.ArtisanPage",
        verbose_name=_("maker"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="order_lines_made",
    )
    maker_name = models.CharField(_("maker"), max_length=120)
    piece_rate = models.DecimalField(_("piece rate (PKR)"), max_digits=10, decimal_places=2)
    hours_per_piece = models.DecimalField(_("hours per piece"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["line_id", "pk"]
        verbose_name = _("maker of an order line")
        verbose_name_plural = _("makers of order lines")
        constraints = [
            models.UniqueConstraint(fields=["line", "artisan"], name="one_snapshot_per_line_maker")
        ]

    def __str__(self):
        return f"{self.line} · {self.maker_name}"


class MakerEarningQuerySet(models.QuerySet["MakerEarning"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise LedgerError("Makers' earnings are never deleted; record a reversing row.")

    def update(self, **kwargs: Any) -> int:
        # The one edit: erasing her name from the copies (orders.privacy.erase).
        if set(kwargs) != {"maker_name"}:
            raise LedgerError("Makers' earnings are never edited; record a reversing row.")
        return super().update(**kwargs)


class MakerEarning(models.Model):
    """One signed amount a group owes one maker (positive: her share of a sale)."""

    producer_group = models.ForeignKey(
        "catalog.ProducerGroupPage",
        verbose_name=_("producer group"),
        on_delete=models.PROTECT,
        related_name="maker_earnings",
    )
    artisan = models.ForeignKey(
        "catalog.ArtisanPage",
        verbose_name=_("maker"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="earnings",
    )
    maker_name = models.CharField(_("maker"), max_length=120)
    cause = models.CharField(_("reason"), max_length=16, choices=LedgerCause.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    pieces = models.IntegerField(_("pieces"), default=0)
    piece_rate = models.DecimalField(_("piece rate (PKR)"), max_digits=10, decimal_places=2)
    sub_order = models.ForeignKey(
        "orders.SubOrder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="maker_earnings",
    )
    order_line = models.ForeignKey(
        "orders.OrderLine",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="maker_earnings",
    )
    stall_sale = models.ForeignKey(
        "events.StallSale",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="maker_earnings",
    )
    # "paid:l12:a5", "cancel:l12:a5", "refund:l12:a5:3", "stall-sale:7:a5": recording the same
    # event twice hits the unique constraint instead of counting her share twice.
    event_key = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = MakerEarningQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("maker's earning")
        verbose_name_plural = _("makers' earnings")
        indexes = [models.Index(fields=["producer_group", "artisan"])]
        constraints = [
            models.UniqueConstraint(
                fields=["producer_group", "event_key"], name="maker_earning_recorded_once"
            ),
            models.CheckConstraint(condition=~models.Q(amount=0), name="maker_earning_not_zero"),
        ]

    def __str__(self):
        return f"{self.maker_name} {self.amount}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LedgerError("Makers' earnings are never edited; record a reversing row.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerError("Makers' earnings are never deleted; record a reversing row.")


class MakerPaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    JAZZCASH = "jazzcash", _("JazzCash")
    EASYPAISA = "easypaisa", _("Easypaisa")
    BANK = "bank", _("Bank transfer")


class MakerPayment(models.Model):
    """A payment a group made to one of its makers, as the group recorded it."""

    producer_group = models.ForeignKey(
        "catalog.ProducerGroupPage",
        verbose_name=_("producer group"),
        on_delete=models.PROTECT,
        related_name="maker_payments",
    )
    artisan = models.ForeignKey(
        "catalog.ArtisanPage",
        verbose_name=_("maker"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="payments_received",
    )
    maker_name = models.CharField(_("maker"), max_length=120)
    amount = models.DecimalField(_("amount (PKR)"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    method = models.CharField(_("method"), max_length=16, choices=MakerPaymentMethod.choices)
    reference = models.CharField(_("reference"), max_length=80, blank=True)
    # One per bulk form shown: submitting the same screen twice records each payment once.
    batch_token = models.UUIDField(default=uuid.uuid4, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = _("payment to a maker")
        verbose_name_plural = _("payments to makers")
        indexes = [models.Index(fields=["producer_group", "artisan"])]
        constraints = [
            models.UniqueConstraint(
                fields=["batch_token", "artisan"], name="maker_payment_once_per_batch"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="maker_payment_positive"),
        ]

    def __str__(self):
        return f"{self.maker_name} {self.amount} {self.paid_on}"
