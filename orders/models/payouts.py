"""Payouts: money sent from the platform to a producer group, once.

A payout is built from the group's available balance and debits its ledger in the same
transaction (a `payout` entry keyed `payout:<id>`), so the next build cannot pay the same
earnings again. It then goes pending → processing → paid, or failed: a failure credits the
amount back to the ledger (`payout-returned:<id>`) and finance may build a new payout. A paid
Stripe payout whose transfer Stripe reverses (in part or whole) becomes reversed, and what was
reversed is credited back (`payout-reversed:<id>:<paisa reversed so far>`).

The method and account are copied from the group when the payout is built, so a later edit
of the group's details never changes where an earlier payout went.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models.groups import PayoutMethod


class PayoutStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PROCESSING = "processing", _("Processing")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")
    # Stripe took some or all of a paid transfer back (transfer.reversed): the amount
    # reversed is credited back to the group's ledger.
    REVERSED = "reversed", _("Reversed")


OPEN_PAYOUT_STATUSES = (PayoutStatus.PENDING, PayoutStatus.PROCESSING)


class PayoutQuerySet(models.QuerySet["Payout"]):
    def open(self) -> "PayoutQuerySet":
        """Payouts on their way (pending or processing): at most one a group."""
        return self.filter(status__in=OPEN_PAYOUT_STATUSES)


class Payout(models.Model):
    producer_group = models.ForeignKey(
        "catalog.ProducerGroupPage",
        verbose_name=_("producer group"),
        on_delete=models.PROTECT,
        related_name="payouts",
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=16, choices=PayoutStatus.choices, default=PayoutStatus.PENDING
    )
    method = models.CharField(_("method"), max_length=20, choices=PayoutMethod.choices)
    account_title = models.CharField(_("account title"), max_length=120, blank=True)
    account_number = models.CharField(
        _("account number, IBAN or wallet number"), max_length=64, blank=True
    )
    bank_name = models.CharField(_("bank name"), max_length=120, blank=True)
    stripe_account_id = models.CharField(_("Stripe connected account"), max_length=64, blank=True)
    # The Stripe transfer id, or the bank / wallet transaction reference finance entered.
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    failure_reason = models.CharField(_("reason for failure"), max_length=500, blank=True)
    # How many times the Stripe transfer was attempted (each with the same idempotency key).
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    retry_of = models.OneToOneField(
        "self",
        verbose_name=_("retry of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="retried_by",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: built by the scheduled payout run."),
    )
    processing_at = models.DateTimeField(_("processing since"), null=True, blank=True)
    processing_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for Stripe payouts, which the payout run sends."),
    )
    closed_at = models.DateTimeField(_("paid or failed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Filled in from Stripe's transfer.reversed events: how much of the transfer Stripe took
    # back in all (cumulative, like Stripe's amount_reversed) and when it last did.
    reversed_amount = models.DecimalField(
        _("amount reversed"), max_digits=12, decimal_places=2, default=0
    )
    reversed_at = models.DateTimeField(_("reversed at"), null=True, blank=True)

    objects = PayoutQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        permissions = [("manage_payouts", _("Can export, mark paid, fail and retry payouts"))]
        indexes = [models.Index(fields=["status", "method"])]
        constraints = [
            # One payout in flight per group: two builders racing cannot both debit it.
            models.UniqueConstraint(
                fields=["producer_group"],
                condition=Q(status__in=["pending", "processing"]),
                name="payout_one_open_per_group",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_positive"),
        ]

    def __str__(self):
        return f"{self.number} {self.amount}"

    @property
    def number(self) -> str:
        return f"PO-{self.pk:06d}" if self.pk else "PO-new"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PAYOUT_STATUSES

    @property
    def is_stripe(self) -> bool:
        return self.method == PayoutMethod.STRIPE

    # Both derived from our own row only, so a redelivered task sends identical requests:
    # Stripe answers a repeated key with the first transfer instead of making another.
    @property
    def idempotency_key(self) -> str:
        return f"payout-{self.pk}"

    @property
    def transfer_group(self) -> str:
        return f"payout-{self.pk}"
