"""A trade enquiry (items, quantities, deadline, delivery place) and the groups' quotes.

The buyer's contact details live on the enquiry; group staff read them only through
orders.trade.selectors.enquiry_contact_for_group, which gives nothing before their quote is
accepted. The buyer reaches the enquiry by its unguessable access token, never by its id.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def new_access_token() -> str:
    return secrets.token_urlsafe(32)


class BuyerKind(models.TextChoices):
    SHOP = "shop", _("Shop")
    EXPORTER = "exporter", _("Exporter")
    BRAND = "brand", _("Brand")
    OTHER = "other", _("Other trade buyer")


class TradeEnquiry(models.Model):
    access_token = models.CharField(
        max_length=64, unique=True, default=new_access_token, editable=False
    )
    # Either one group, or every group that sells the craft (resolved at confirmation).
    producer_group = models.ForeignKey(
        "catalog.ProducerGroupPage",
        verbose_name=_("producer group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    craft = models.ForeignKey(
        "catalog.CraftCategory",
        verbose_name=_("craft"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    buyer_name = models.CharField(_("your name"), max_length=120)
    business_name = models.CharField(_("business name"), max_length=160)
    buyer_kind = models.CharField(_("you are"), max_length=16, choices=BuyerKind.choices)
    contact_phone = models.CharField(_("phone"), max_length=20, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    deadline = models.DateField(_("needed by"))
    delivery_place = models.CharField(_("delivery place"), max_length=200)
    will_visit = models.BooleanField(_("will visit the group"), default=False)
    message = models.TextField(_("message"), max_length=1000, blank=True)
    language = models.CharField(max_length=8, default="en", editable=False)

    # Confirmation: a one-time code sent to the phone (or email); hashed, attempts counted.
    confirmation_code_hash = models.CharField(max_length=128, blank=True, editable=False)
    confirmation_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True, editable=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    hidden_reason = models.CharField(_("reason hidden"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("trade enquiry")
        verbose_name_plural = _("trade enquiries")
        permissions = [("moderate_tradeenquiry", _("Can see and hide every trade enquiry"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(producer_group__isnull=False) | models.Q(craft__isnull=False),
                name="trade_enquiry_has_addressee",
            ),
            models.CheckConstraint(
                condition=~models.Q(contact_phone="", contact_email=""),
                name="trade_enquiry_has_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.business_name} ({self.created_at:%d %b %Y})" if self.created_at else ""

    def get_absolute_url(self) -> str:
        return reverse("trade_enquiry_detail", args=[self.access_token])

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class TradeEnquiryItem(models.Model):
    enquiry = models.ForeignKey(TradeEnquiry, on_delete=models.CASCADE, related_name="items")
    description = models.CharField(_("item"), max_length=200)
    product = models.ForeignKey(
        "catalog.ProductPage",
        verbose_name=_("product on this site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    target_price = models.DecimalField(
        _("target price per piece"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("enquiry item")
        verbose_name_plural = _("enquiry items")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="trade_item_quantity_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.description}"


class TradeEnquiryRecipient(models.Model):
    """A group the (confirmed) enquiry is addressed to: what its staff's listing reads."""

    enquiry = models.ForeignKey(TradeEnquiry, on_delete=models.CASCADE, related_name="recipients")
    producer_group = models.ForeignKey(
        "catalog.ProducerGroupPage", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enquiry", "producer_group"], name="one_recipient_row_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enquiry_id} → {self.producer_group_id}"


class QuoteStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Not chosen")


class TradeQuote(models.Model):
    enquiry = models.ForeignKey(TradeEnquiry, on_delete=models.CASCADE, related_name="quotes")
    producer_group = models.ForeignKey(
        "catalog.ProducerGroupPage",
        verbose_name=_("producer group"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=QuoteStatus.choices, default=QuoteStatus.OFFERED
    )
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"))
    sample_available = models.BooleanField(_("sample available"), default=False)
    valid_until = models.DateField(_("valid until"))
    delivery_charge = models.DecimalField(
        _("delivery charge"), max_digits=12, decimal_places=2, default=0
    )
    advance_percent = models.PositiveSmallIntegerField(
        _("advance (%)"),
        default=0,
        help_text=_("Paid before work starts; the rest before dispatch. 0: all before dispatch."),
    )
    note = models.TextField(_("note for the buyer"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True, editable=False)
    order = models.OneToOneField(
        "orders.Order",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trade_quote",
        editable=False,
    )

    class Meta:
        ordering = ["enquiry_id", "pk"]
        verbose_name = _("trade quote")
        verbose_name_plural = _("trade quotes")
        constraints = [
            models.UniqueConstraint(
                fields=["enquiry", "producer_group"], name="one_quote_per_group_and_enquiry"
            ),
            # The database refuses a second accepted quote, whatever the code does.
            models.UniqueConstraint(
                fields=["enquiry"],
                condition=models.Q(status="accepted"),
                name="one_accepted_quote_per_enquiry",
            ),
            models.CheckConstraint(
                condition=models.Q(advance_percent__lte=100), name="trade_quote_advance_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.producer_group} → {self.enquiry}"


class TradeQuoteLine(models.Model):
    quote = models.ForeignKey(TradeQuote, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(TradeEnquiryItem, on_delete=models.CASCADE, related_name="+")
    price_per_piece = models.DecimalField(_("price per piece"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["item_id"]
        constraints = [
            models.UniqueConstraint(fields=["quote", "item"], name="one_line_per_quoted_item"),
            models.CheckConstraint(
                condition=models.Q(price_per_piece__gt=0), name="trade_price_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.price_per_piece}"
