"""Makers behind each piece, and the minimum wage their pay is checked against.

MakerRate says what a producer group pays one of its artisans for one piece of a product and
how many hours a piece takes. It is a plain model with its own admin screen (catalog.makers),
deliberately not a page field: page revisions, reverts and scheduled publishing must never
change anyone's pay. The rate in force is copied onto each order line when the order is
placed (orders.models.makers.OrderLineMaker), so a later change of rate changes no sale.

MinimumWage is the dated, sourced table finance keeps: the legal monthly minimum of a province
(or a whole country, province left empty), turned into an hourly figure by the rule stored on
the row (by default 26 working days of 8 hours). A row without a source counts for nothing.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalog.models.groups import Country
from marketplace.money import to_money

PAISA = Decimal("0.01")


class MakerRate(models.Model):
    """One artisan's piece rate and hours for one product of her group."""

    product = models.ForeignKey(
        "catalog.ProductPage",
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="maker_rates",
    )
    artisan = models.ForeignKey(
        "catalog.ArtisanPage",
        verbose_name=_("maker"),
        on_delete=models.CASCADE,
        related_name="maker_rates",
    )
    piece_rate = models.DecimalField(
        _("piece rate (PKR)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("What the group pays her for one piece."),
    )
    hours_per_piece = models.DecimalField(
        _("hours per piece"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(PAISA)],
        help_text=_("Hours of her work one piece takes."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["product_id", "artisan_id"]
        verbose_name = _("maker's rate")
        verbose_name_plural = _("makers' rates")
        constraints = [
            models.UniqueConstraint(fields=["product", "artisan"], name="one_rate_per_maker"),
            models.CheckConstraint(
                condition=models.Q(piece_rate__gte=0), name="maker_piece_rate_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_piece__gt=0), name="maker_hours_positive"
            ),
        ]

    def __str__(self):
        return f"{self.product} · {self.artisan.full_name}"

    @property
    def hourly_pay(self) -> Decimal:
        return to_money(self.piece_rate / self.hours_per_piece)

    def clean(self):
        super().clean()
        product_group = self.product.producer_group_id if self.product_id else None
        artisan_group = self.artisan.producer_group_id if self.artisan_id else None
        if product_group and artisan_group and product_group != artisan_group:
            raise ValidationError(
                {"artisan": _("Choose one of the artisans of the group that sells this product.")}
            )


class MinimumWage(models.Model):
    """A legal monthly minimum wage, with its source and the date it took effect."""

    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, default=Country.PAKISTAN
    )
    province = models.CharField(
        _("province or state"),
        max_length=80,
        blank=True,
        help_text=_("Empty: the figure for the whole country."),
    )
    monthly_amount = models.DecimalField(
        _("monthly minimum (PKR)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1"))],
    )
    working_days_per_month = models.PositiveSmallIntegerField(
        _("working days a month"), default=26, validators=[MinValueValidator(1)]
    )
    hours_per_day = models.DecimalField(
        _("hours a day"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("8"),
        validators=[MinValueValidator(Decimal("1"))],
    )
    effective_from = models.DateField(_("in force from"))
    source = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_(
            "The notification or law the figure comes from. Without it the row is not used."
        ),
    )
    source_url = models.URLField(_("source link"), blank=True)
    is_example = models.BooleanField(
        _("example figure"),
        default=False,
        help_text=_("Shipped as an example: check it against the official notification."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country", "province", "-effective_from"]
        verbose_name = _("minimum wage")
        verbose_name_plural = _("minimum wages")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "province", "effective_from"], name="one_minimum_wage_per_date"
            )
        ]

    def __str__(self):
        place = self.province or self.get_country_display()
        return f"{place} {self.effective_from:%Y-%m-%d}"

    @property
    def place_label(self) -> str:
        # Provinces are stored by their English names, which the catalogue translates.
        return gettext(self.province) if self.province else str(self.get_country_display())

    @property
    def hours_per_month(self) -> Decimal:
        return Decimal(self.working_days_per_month) * self.hours_per_day

    @property
    def hourly_amount(self) -> Decimal:
        """Monthly amount over days × hours, rounded to the paisa."""
        return to_money(self.monthly_amount / self.hours_per_month)
