"""The stock history: one row for every change of a variant's stock, with who, when and why.

Rows are only ever inserted, in the same transaction as the stock change they describe
(catalog.services.stock_adjust and stock_movements_record): every change of stock since this
table exists has its row, and its stock_after is the stock that change left.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StockMovementReason(models.TextChoices):
    SALE = "sale", _("Sale")
    CANCELLATION = "cancellation", _("Cancellation or return")
    STALL_SALE = "stall_sale", _("Stall sale")
    STAFF_COUNT = "staff_count", _("Staff count")
    EXPIRY_RELEASE = "expiry_release", _("Unpaid order expired")


class StockMovement(models.Model):
    variant = models.ForeignKey(
        "catalog.ProductVariant",
        verbose_name=_("variant"),
        on_delete=models.CASCADE,
        related_name="stock_movements",
        db_index=False,  # the index below serves the variant's history, newest first
    )
    delta = models.IntegerField(_("change"))
    stock_after = models.PositiveIntegerField(_("stock after"))
    reason = models.CharField(_("reason"), max_length=20, choices=StockMovementReason.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reference = models.CharField(
        _("reference"), max_length=80, blank=True, help_text=_("An order number, for example.")
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["variant", "-created_at"], name="stock_movement_variant_time")
        ]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")

    def __str__(self):
        return f"{self.variant_id} {self.delta:+d} → {self.stock_after} ({self.reason})"
