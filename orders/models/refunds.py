"""Money the platform owes a buyer back, and whether it has been sent.

A refund is recorded when the lifecycle decides money goes back (a paid sub-order cancelled,
declined or returned; a transfer that arrived for a cancelled order). Card refunds are sent
through Stripe after commit; transfer and cash refunds are sent by finance by hand, who then
mark them sent with the bank or wallet reference.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RefundStatus(models.TextChoices):
    OWED = "owed", _("Owed to the buyer")
    SENT = "sent", _("Sent")


class RefundChannel(models.TextChoices):
    CARD = "card", _("Back to the card (Stripe)")
    TRANSFER = "transfer", _("Bank or mobile-wallet transfer by finance")


class Refund(models.Model):
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="refunds")
    # The sub-order this money belonged to; empty for money that matched no sub-order (a
    # transfer that arrived after the whole order was cancelled).
    sub_order = models.ForeignKey(
        "orders.SubOrder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="refunds",
    )
    payment = models.ForeignKey(
        "orders.Payment", null=True, blank=True, on_delete=models.PROTECT, related_name="refunds"
    )
    channel = models.CharField(_("refunded by"), max_length=16, choices=RefundChannel.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=RefundStatus.choices, default=RefundStatus.OWED
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    reference = models.CharField(_("bank, wallet or Stripe reference"), max_length=120, blank=True)
    # What makes this refund unique: "cancel:so12", "return:so12", "unmatched:payment7".
    event_key = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="refund_amount_positive")
        ]

    def __str__(self):
        return f"{self.order_id} {self.amount} {self.status}"
