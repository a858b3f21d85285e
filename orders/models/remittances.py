"""Courier remittances: the cash on delivery a courier hands over for delivered parcels.

A delivered cash-on-delivery parcel is cash with the courier. Finance records each remittance
with the sub-orders it covers; each line keeps what the courier had to collect for its
sub-order (items + delivery). A remittance whose amount equals the sum of its lines is OK and
makes those sub-orders' earnings available (orders.finance.remittances). One that does not
is FLAGGED and makes nothing available until finance resolves it (accepting the difference
with a note) or voids it to record it again. A sub-order is covered by one remittance that is
not void (a partial unique constraint).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RemittanceStatus(models.TextChoices):
    OK = "ok", _("Matches")
    FLAGGED = "flagged", _("Flagged: amount does not match")
    RESOLVED = "resolved", _("Resolved by finance")
    VOID = "void", _("Void (recorded again)")


# The statuses under which the covered sub-orders' cash counts as received.
ACCEPTED_REMITTANCE_STATUSES = (RemittanceStatus.OK, RemittanceStatus.RESOLVED)


class CourierRemittance(models.Model):
    courier = models.CharField(_("courier"), max_length=80)
    reference = models.CharField(_("courier's reference"), max_length=80)
    amount = models.DecimalField(_("amount received"), max_digits=12, decimal_places=2)
    # The sum of the lines' cash-on-delivery totals when it was recorded.
    expected_amount = models.DecimalField(
        _("amount to collect"), max_digits=12, decimal_places=2, editable=False
    )
    received_on = models.DateField(_("received on"))
    status = models.CharField(
        _("status"), max_length=16, choices=RemittanceStatus.choices, editable=False
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    # Resolving a flagged remittance: more cash the courier handed over (negative: less).
    correction = models.DecimalField(
        _("correction received"), max_digits=12, decimal_places=2, default=0
    )
    resolution_note = models.CharField(_("resolution"), max_length=500, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("courier remittance")
        verbose_name_plural = _("courier remittances")
        permissions = [
            ("record_remittances", _("Can record and resolve courier cash remittances")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["courier", "reference"],
                condition=~Q(status="void"),
                name="remittance_reference_once_per_courier",
            ),
        ]

    def __str__(self):
        return f"{self.courier} {self.reference}"

    @property
    def difference(self):
        """Received (with any correction) minus what the courier had to hand over
        (negative: short)."""
        return self.amount + self.correction - self.expected_amount

    @property
    def is_accepted(self) -> bool:
        return self.status in ACCEPTED_REMITTANCE_STATUSES


class RemittanceLine(models.Model):
    """One sub-order covered by a remittance, with the cash the courier collected for it."""

    remittance = models.ForeignKey(
        CourierRemittance, on_delete=models.PROTECT, related_name="lines"
    )
    sub_order = models.ForeignKey(
        "orders.SubOrder",
        verbose_name=_("sub-order"),
        on_delete=models.PROTECT,
        related_name="remittance_lines",
    )
    cash_to_collect = models.DecimalField(_("cash to collect"), max_digits=12, decimal_places=2)
    # Set when the remittance is voided: the sub-order may then be covered again.
    released = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("remittance line")
        verbose_name_plural = _("remittance lines")
        constraints = [
            models.UniqueConstraint(
                fields=["sub_order"],
                condition=Q(released=False),
                name="sub_order_remitted_once",
            ),
        ]

    def __str__(self):
        return f"{self.remittance}: {self.sub_order}"
