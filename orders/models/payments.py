from django.db import models
from django.utils.translation import gettext_lazy as _


class TransferProvider(models.TextChoices):
    JAZZCASH = "jazzcash", _("JazzCash")
    EASYPAISA = "easypaisa", _("Easypaisa")
    BANK = "bank", _("Bank transfer")


class Payment(models.Model):
    """A payment attempt or record for an order: a Stripe Checkout Session, or a transfer."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUBMITTED = "submitted", _("Reference submitted")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        REJECTED = "rejected", _("Rejected")
        REFUNDED = "refunded", _("Refunded")

    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="payments")
    method = models.CharField(max_length=16)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, default="PKR")
    provider = models.CharField(max_length=16, choices=TransferProvider.choices, blank=True)
    reference = models.CharField(_("transaction reference"), max_length=80, blank=True)
    stripe_session_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_payment_intent = models.CharField(max_length=255, blank=True, db_index=True)
    refunded_amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    # The transfer reference as compared for reuse (orders.finance.transfer_references):
    # without spaces, case-folded. Empty for card payments.
    reference_key = models.CharField(max_length=80, blank=True, db_index=True, editable=False)
    # The earlier transfer payment, on another order, that gave the same provider and
    # reference: finance is warned before approving this one.
    reference_reused_from = models.ForeignKey(
        "self",
        verbose_name=_("reference already used by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reference_reused_by",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self):
        return f"{self.method} {self.amount} {self.status}"


class StripeEvent(models.Model):
    """Every Stripe webhook event processed, by id: a redelivered event is seen and skipped."""

    event_id = models.CharField(max_length=255, unique=True)
    event_type = models.CharField(max_length=80)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self):
        return f"{self.event_type} {self.event_id}"
