"""Stalls, exhibitor applications, stall sales and visitor counts.

None of these are page content: they hang off the mela page with plain ForeignKeys, so
publishing, reverting or scheduling a revision of the mela page can never undo an
allocation or a recorded sale (the same reason stock is kept out of product revisions).
"""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StallSize(models.TextChoices):
    SMALL = "small", _("Small (2 × 2 m)")
    MEDIUM = "medium", _("Medium (3 × 3 m)")
    LARGE = "large", _("Large (3 × 6 m)")


# Letters, digits and dashes only: the number is part of the stall's web address.
stall_number_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9-]{0,11}$",
    _("Use letters, digits and dashes only, for example A-12."),
)


class Stall(models.Model):
    """A numbered stall in a zone of the mela ground, with a place on the stall map grid."""

    mela = models.ForeignKey("events.MelaPage", on_delete=models.CASCADE, related_name="stalls")
    number = models.CharField(
        _("stall number"),
        max_length=12,
        validators=[stall_number_validator],
        help_text=_("For example: A-12. Printed on the stall and part of its web address."),
    )
    zone = models.CharField(_("zone"), max_length=60, help_text=_("For example: Textiles hall"))
    size = models.CharField(_("size"), max_length=10, choices=StallSize.choices)
    fee = models.DecimalField(
        _("fee (PKR)"),
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    map_row = models.PositiveSmallIntegerField(
        _("row on the map"), validators=[MinValueValidator(1)]
    )
    map_column = models.PositiveSmallIntegerField(
        _("column on the map"), validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["zone", "number"]
        verbose_name = _("stall")
        verbose_name_plural = _("stalls")
        constraints = [
            models.UniqueConstraint(fields=["mela", "number"], name="stall_number_unique_per_mela"),
            models.UniqueConstraint(
                fields=["mela", "map_row", "map_column"], name="stall_map_cell_unique_per_mela"
            ),
            models.CheckConstraint(condition=Q(fee__gte=0), name="stall_fee_not_negative"),
        ]

    def __str__(self):
        return f"{self.number} ({self.zone})"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    WAITLISTED = "waitlisted", _("Waitlisted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ExhibitorApplication(models.Model):
    """A producer group's application for a stall at a mela, and the organisers' decision.

    One application per group and mela. An approved application holds exactly one stall, and
    a stall is held by at most one approved application (a partial unique constraint, on top
    of the row lock taken in events.services.application_decide).
    """

    mela = models.ForeignKey(
        "events.MelaPage", on_delete=models.CASCADE, related_name="applications"
    )
    group = models.ForeignKey(
        "catalog.ProducerGroupPage",
        verbose_name=_("producer group"),
        on_delete=models.CASCADE,
        related_name="mela_applications",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    products = models.ManyToManyField(
        "catalog.ProductPage",
        verbose_name=_("products to bring"),
        blank=True,
        related_name="mela_applications",
    )
    stall_size_wanted = models.CharField(
        _("stall size wanted"), max_length=10, choices=StallSize.choices
    )
    needs = models.TextField(
        _("needs"),
        max_length=1000,
        blank=True,
        help_text=_("Electricity, tables, accessibility, a place to stay, childcare..."),
    )
    stall = models.ForeignKey(
        Stall,
        verbose_name=_("stall"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    decision_reason = models.TextField(_("reason"), max_length=1000, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("exhibitor application")
        verbose_name_plural = _("exhibitor applications")
        constraints = [
            models.UniqueConstraint(fields=["mela", "group"], name="one_application_per_group"),
            models.UniqueConstraint(
                fields=["stall"],
                condition=Q(status="approved"),
                name="stall_given_to_one_group",
            ),
            models.CheckConstraint(
                condition=Q(status="approved", stall__isnull=False)
                | (~Q(status="approved") & Q(stall__isnull=True)),
                name="approved_application_has_stall",
            ),
        ]

    def __str__(self):
        return f"{self.group} → {self.mela} ({self.get_status_display()})"


class ApplicationDecision(models.Model):
    """Every change of an application's status, who made it and why: the audit trail, and
    what the notification hook (events.services.application_decision_notify) reports."""

    application = models.ForeignKey(
        ExhibitorApplication, on_delete=models.CASCADE, related_name="decisions"
    )
    from_status = models.CharField(max_length=12, choices=ApplicationStatus.choices)
    to_status = models.CharField(max_length=12, choices=ApplicationStatus.choices)
    stall = models.ForeignKey(Stall, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("application decision")
        verbose_name_plural = _("application decisions")

    def __str__(self):
        return f"{self.application_id}: {self.from_status} → {self.to_status}"


class StallSale(models.Model):
    """A cash sale made at a group's stall: the group keeps the cash, no payout is due.

    `idempotency_token` is unique: a form submitted twice over a flaky connection records
    one sale, and stock is decremented once. The group's commission rate is snapshotted on
    the sale; the platform's commission on it is owed by the group and netted from its next
    payout (orders.finance.mela_cash). Sales recorded before that rule have no rate and stay
    out of the ledger.
    """

    mela = models.ForeignKey("events.MelaPage", on_delete=models.PROTECT, related_name="sales")
    group = models.ForeignKey(
        "catalog.ProducerGroupPage", on_delete=models.PROTECT, related_name="stall_sales"
    )
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, related_name="stall_sales"
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(_("price each (PKR)"), max_digits=12, decimal_places=2)
    total = models.DecimalField(_("total (PKR)"), max_digits=14, decimal_places=2)
    commission_rate = models.DecimalField(
        _("commission (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    commission = models.DecimalField(
        _("platform commission (PKR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    sale_day = models.DateField(_("day"))
    idempotency_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("stall sale")
        verbose_name_plural = _("stall sales")
        indexes = [models.Index(fields=["mela", "group", "sale_day"])]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="stall_sale_quantity"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="stall_sale_price"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.variant} at {self.mela}"


class MelaVisitorCount(models.Model):
    """Visitors counted at the gate on one day, entered by the organisers."""

    mela = models.ForeignKey(
        "events.MelaPage", on_delete=models.CASCADE, related_name="visitor_counts"
    )
    day = models.DateField(_("day"))
    visitors = models.PositiveIntegerField(_("visitors"))

    class Meta:
        ordering = ["day"]
        verbose_name = _("visitor count")
        constraints = [
            models.UniqueConstraint(fields=["mela", "day"], name="one_visitor_count_per_day")
        ]

    def __str__(self):
        return f"{self.day}: {self.visitors}"
