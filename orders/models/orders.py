"""An order is what a buyer paid for at once; each producer group fulfils its own sub-order.

Lines snapshot everything the buyer saw (title, variant, SKU, unit price, producer group,
commission rate), so later catalogue edits or deletions never change an order.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from orders.models.addresses import PostalAddress


def new_access_token() -> str:
    return secrets.token_urlsafe(24)


def cancellation_kind_field() -> models.CharField:
    return models.CharField(
        _("cancelled because"),
        max_length=16,
        choices=CancellationKind.choices,
        blank=True,
        editable=False,
    )


class PaymentMethod(models.TextChoices):
    CARD = "card", _("Card (Stripe)")
    CASH_ON_DELIVERY = "cod", _("Cash on delivery")
    TRANSFER = "transfer", _("Bank or mobile-wallet transfer")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Pending payment")
    AWAITING_VERIFICATION = "awaiting_verification", _("Awaiting transfer verification")
    CASH_ON_DELIVERY = "cod", _("Cash on delivery")
    # An advance (a trade order's agreed percentage) arrived; the balance is still due.
    PART_PAID = "part_paid", _("Advance paid")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Payment failed")
    REFUNDED = "refunded", _("Refunded")


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("Pending payment")
    AWAITING_VERIFICATION = "awaiting_verification", _("Awaiting transfer verification")
    CASH_ON_DELIVERY = "cash_on_delivery", _("Cash on delivery")
    PART_PAID = "part_paid", _("Advance paid")
    PAID = "paid", _("Paid")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")


class FulfilmentMethod(models.TextChoices):
    SHIP = "ship", _("Deliver to an address")
    COLLECT_AT_MELA = "collect", _("Collect at a mela stall")


class SubOrderStatus(models.TextChoices):
    NEW = "new", _("New")
    PACKED = "packed", _("Packed")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")
    RETURNED = "returned", _("Returned")


# Sub-orders that no longer count: nothing is sent, nothing is earned.
CLOSED_SUB_ORDER_STATUSES = (SubOrderStatus.CANCELLED, SubOrderStatus.RETURNED)


class CancellationKind(models.TextChoices):
    """Who ended an order or sub-order: a fact kept in a field, never read back from notes."""

    EXPIRED = "expired", _("Not paid in time")
    DECLINED = "declined", _("Declined by the producer group")
    STAFF = "staff", _("Cancelled by the platform")
    BUYER = "buyer", _("Cancelled by the buyer")


class Order(PostalAddress):
    number = models.CharField(_("order number"), max_length=20, unique=True, blank=True)
    access_token = models.CharField(
        max_length=64, unique=True, default=new_access_token, editable=False
    )
    # One per checkout form shown: a double-submitted checkout finds the order it already made.
    checkout_token = models.CharField(max_length=64, unique=True, editable=False)
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("buyer account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    status = models.CharField(
        _("status"), max_length=32, choices=OrderStatus.choices, default=OrderStatus.PENDING_PAYMENT
    )
    payment_method = models.CharField(
        _("payment method"), max_length=16, choices=PaymentMethod.choices
    )
    payment_status = models.CharField(
        _("payment status"),
        max_length=32,
        choices=PaymentStatus.choices,
        default=PaymentStatus.PENDING,
    )
    fulfilment = models.CharField(
        _("delivery"),
        max_length=16,
        choices=FulfilmentMethod.choices,
        default=FulfilmentMethod.SHIP,
    )

    contact_name = models.CharField(_("name"), max_length=120)
    contact_phone = models.CharField(_("phone"), max_length=20)
    contact_email = models.EmailField(_("email"), blank=True)
    # province, city, address_line1, address_line2, postal_code: PostalAddress (empty when
    # the order is collected at a mela stall).
    buyer_note = models.TextField(_("note for the producer groups"), max_length=500, blank=True)

    items_total = models.DecimalField(_("items"), max_digits=12, decimal_places=2)
    delivery_total = models.DecimalField(_("delivery"), max_digits=12, decimal_places=2)
    grand_total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    # Asked before the rest (a trade order's advance); 0: the whole total is paid at once.
    advance_due = models.DecimalField(
        _("advance"), max_digits=12, decimal_places=2, default=0, editable=False
    )
    currency = models.CharField(max_length=3, default="PKR", editable=False)

    # Unpaid card and transfer orders hold their stock until then; see orders.checkout.placement.
    reservation_expires_at = models.DateTimeField(null=True, blank=True)
    stock_released = models.BooleanField(default=False, editable=False)
    # Facts of the lifecycle (orders.lifecycle), never parsed from the history's notes.
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    cancellation_kind = cancellation_kind_field()
    # What the platform still owes the buyer: refunds recorded but not yet sent.
    refund_due = models.DecimalField(
        _("refund due"), max_digits=12, decimal_places=2, default=0, editable=False
    )
    created_at = models.DateTimeField(_("placed"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [
            ("manage_all_orders", _("Can see, cancel and refund every order")),
            ("verify_transfers", _("Can verify bank and mobile-wallet transfers")),
        ]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [models.Index(fields=["status", "reservation_expires_at"])]
        # No database CHECK that grand_total = items + delivery: SQLite compares decimals in
        # floating point and would refuse sums like 15.93 + 222.46. order_place computes it.

    def __str__(self):
        return self.number or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("order_detail", args=[self.number, self.access_token])

    @property
    def is_awaiting_card_payment(self) -> bool:
        return (
            self.payment_method == PaymentMethod.CARD and self.status == OrderStatus.PENDING_PAYMENT
        )

    @property
    def parcels_to_pay_on_delivery(self) -> list["SubOrder"]:
        """Parcels still on their way: not delivered, cancelled or returned (read from the
        prefetched sub-orders when the caller prefetched them)."""
        done = (SubOrderStatus.DELIVERED, *CLOSED_SUB_ORDER_STATUSES)
        return [sub_order for sub_order in self.sub_orders.all() if sub_order.status not in done]

    @property
    def cash_due_on_delivery(self) -> Decimal:
        """What the buyer still pays couriers (or at the stall) for a cash-on-delivery order."""
        return sum(
            (sub_order.total for sub_order in self.parcels_to_pay_on_delivery), Decimal("0.00")
        )

    @property
    def is_open_for_transfer_reference(self) -> bool:
        return (
            self.payment_method == PaymentMethod.TRANSFER
            and self.payment_status in (PaymentStatus.PENDING, PaymentStatus.PART_PAID)
            and self.status in (OrderStatus.PENDING_PAYMENT, OrderStatus.PART_PAID)
        )


class SubOrder(models.Model):
    """The part of an order one producer group packs and ships."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="sub_orders")
    producer_group = models.ForeignKey(
        "catalog.ProducerGroupPage",
        verbose_name=_("producer group"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="sub_orders",
    )
    producer_group_name = models.CharField(_("producer group"), max_length=255)
    status = models.CharField(
        _("status"), max_length=16, choices=SubOrderStatus.choices, default=SubOrderStatus.NEW
    )
    items_total = models.DecimalField(_("items"), max_digits=12, decimal_places=2)
    delivery_charge = models.DecimalField(_("delivery"), max_digits=12, decimal_places=2)
    commission_total = models.DecimalField(
        _("platform commission"), max_digits=12, decimal_places=2
    )
    collection_point = models.CharField(
        _("collect at"),
        max_length=255,
        blank=True,
        help_text=_("The mela stall where the buyer collects this part, if not delivered."),
    )
    courier = models.CharField(_("courier"), max_length=80, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=80, blank=True)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True, editable=False)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True, editable=False)
    cancellation_kind = cancellation_kind_field()
    cancellation_reason = models.CharField(_("reason"), max_length=255, blank=True)
    # Its lines' stock went back on sale (cancelled before shipping, or returned and restocked).
    stock_returned = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order_id", "pk"]
        verbose_name = _("sub-order")
        verbose_name_plural = _("sub-orders")
        constraints = [
            models.UniqueConstraint(
                fields=["order", "producer_group"], name="one_sub_order_per_group"
            )
        ]

    def __str__(self):
        return f"{self.order.number}/{self.pk}"

    @property
    def total(self):
        return self.items_total + self.delivery_charge

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_SUB_ORDER_STATUSES

    @property
    def group_earnings(self):
        return self.items_total - self.commission_total + self.delivery_charge


class OrderLine(models.Model):
    sub_order = models.ForeignKey(SubOrder, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.ProductVariant", null=True, on_delete=models.SET_NULL, related_name="order_lines"
    )
    product_title = models.CharField(_("product"), max_length=255)
    variant_label = models.CharField(_("variant"), max_length=80, blank=True)
    sku = models.CharField(_("SKU"), max_length=48)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    quantity = models.PositiveIntegerField(_("quantity"))
    commission_rate = models.DecimalField(_("commission (%)"), max_digits=5, decimal_places=2)
    line_total = models.DecimalField(_("line total"), max_digits=12, decimal_places=2)
    commission = models.DecimalField(_("commission"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="line_quantity_positive"
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.sku}"
