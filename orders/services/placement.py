"""Placing an order: one transaction that reserves stock, snapshots lines and splits by group.

Stock is taken with conditional UPDATEs (catalog.services.stock_adjust) in ascending variant
id order, so concurrent checkouts never oversell and never deadlock on each other.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import ProductVariant
from catalog.services import StockError, stock_adjust
from marketplace.money import commission_split, to_money
from marketplace.notifications.dispatch import order_placed_notify
from orders.cart import Cart, is_on_sale
from orders.models import (
    FulfilmentMethod,
    Order,
    OrderLine,
    PaymentMethod,
    PaymentStatus,
    SubOrder,
    SubOrderStatus,
)
from orders.services.status import order_status_derive, record_change


class CheckoutError(Exception):
    """A buyer-facing reason the order could not be placed; nothing was written."""


@dataclass(frozen=True)
class BuyerDetails:
    contact_name: str
    contact_phone: str
    contact_email: str = ""
    province: str = ""
    city: str = ""
    address_line1: str = ""
    address_line2: str = ""
    postal_code: str = ""
    buyer_note: str = ""


INITIAL_PAYMENT_STATUS = {
    PaymentMethod.CARD: PaymentStatus.PENDING,
    PaymentMethod.TRANSFER: PaymentStatus.PENDING,
    PaymentMethod.CASH_ON_DELIVERY: PaymentStatus.CASH_ON_DELIVERY,
}


def order_place(
    *,
    cart: Cart,
    buyer,
    details: BuyerDetails,
    payment_method: str,
    fulfilment: str = FulfilmentMethod.SHIP,
    checkout_token: str,
) -> Order:
    """Turn the cart into an order, or raise CheckoutError having written nothing.

    Prices, delivery and totals are computed here from the catalogue; nothing the browser
    submitted about money is used. A checkout submitted twice (same token) returns the order
    the first submission made.
    """
    if existing := Order.objects.filter(checkout_token=checkout_token).first():
        return existing
    if payment_method not in PaymentMethod.values:
        raise CheckoutError(_("Choose a payment method."))
    if not cart:
        raise CheckoutError(_("Your cart is empty."))
    try:
        with transaction.atomic():
            order = _place(cart, buyer, details, payment_method, fulfilment, checkout_token)
    except IntegrityError:
        # The same checkout was submitted twice at once and the other submission won.
        if existing := Order.objects.filter(checkout_token=checkout_token).first():
            return existing
        raise
    cart.clear()
    return order


def _place(cart, buyer, details, payment_method, fulfilment, checkout_token) -> Order:
    quantities = dict(sorted(cart.quantities.items()))  # fixed lock order: ascending ids
    stock_left: dict[int, int] = {}
    for variant_id, quantity in quantities.items():
        try:
            stock_left[variant_id] = stock_adjust(variant_id=variant_id, delta=-quantity)
        except StockError:
            variant = ProductVariant.objects.select_related("product").filter(pk=variant_id).first()
            title = variant.product.title if variant else _("An item")
            raise CheckoutError(
                _("%(title)s: not enough stock left. Please review your cart.") % {"title": title}
            ) from None

    variants = (
        ProductVariant.objects.filter(pk__in=quantities)
        .select_related("product", "product__producer_group")
        .order_by("pk")
    )
    by_group: dict[int, list[tuple[ProductVariant, int]]] = {}
    for variant in variants:
        quantity = quantities[variant.pk]
        # Stock is already taken (it may now be 0), so only availability is checked here.
        if not is_on_sale(variant) or variant.product.producer_group is None:
            raise CheckoutError(
                _("%(title)s is no longer on sale. Please review your cart.")
                % {"title": variant.product.title}
            )
        by_group.setdefault(variant.product.producer_group_id, []).append((variant, quantity))
    if len(variants) != len(quantities):
        raise CheckoutError(_("An item in your cart no longer exists. Please review your cart."))

    collection_points = (
        _collection_points(by_group) if fulfilment == FulfilmentMethod.COLLECT_AT_MELA else {}
    )
    order = Order.objects.create(
        checkout_token=checkout_token,
        buyer=buyer if buyer is not None and buyer.is_authenticated else None,
        payment_method=payment_method,
        payment_status=INITIAL_PAYMENT_STATUS[payment_method],
        # Every sub-order starts new, so the derived status is known now: no refresh needed.
        status=order_status_derive(
            payment_status=INITIAL_PAYMENT_STATUS[payment_method],
            sub_order_statuses=[SubOrderStatus.NEW],
        ),
        fulfilment=fulfilment,
        items_total=Decimal("0.00"),
        delivery_total=Decimal("0.00"),
        grand_total=Decimal("0.00"),
        reservation_expires_at=_reservation_deadline(payment_method),
        **vars(details),
    )
    items_total = delivery_total = Decimal("0.00")
    for group_id, lines in by_group.items():
        sub_order = _sub_order_create(order, lines, collection_points.get(group_id, ""))
        items_total += sub_order.items_total
        delivery_total += sub_order.delivery_charge
    order.number = f"CM-{order.pk:06d}"
    order.items_total = items_total
    order.delivery_total = delivery_total
    order.grand_total = items_total + delivery_total
    order.save(update_fields=["number", "items_total", "delivery_total", "grand_total"])
    record_change(order=order, field="status", old="", new=order.status, by=buyer, note="placed")
    order_placed_notify(order=order, stock_left=stock_left, quantities=quantities)
    return order


def _collection_points(by_group: dict) -> dict[int, str]:
    """Where each group's part is collected; every group must have a stall at a coming mela."""
    from events.selectors import groups_collecting_at_upcoming_melas

    points = groups_collecting_at_upcoming_melas()
    if any(group_id not in points for group_id in by_group):
        raise CheckoutError(
            _(
                "Not every producer group in your cart has a stall at a coming mela: "
                "choose delivery."
            )
        )
    return {
        group_id: _("%(mela)s, stall %(stall)s")
        % {"mela": points[group_id][0].mela_title, "stall": points[group_id][0].stall_number}
        for group_id in by_group
    }


def _sub_order_create(order: Order, lines, collection_point: str) -> SubOrder:
    group = lines[0][0].product.producer_group
    # Collected at the group's mela stall: no courier, no delivery charge.
    delivery = Decimal("0.00") if collection_point else to_money(group.delivery_charge)
    sub_order = SubOrder.objects.create(
        order=order,
        producer_group=group,
        producer_group_name=group.title,
        collection_point=collection_point,
        items_total=Decimal("0.00"),
        delivery_charge=delivery,
        commission_total=Decimal("0.00"),
    )
    items_total = commission_total = Decimal("0.00")
    order_lines = []
    for variant, quantity in lines:
        line_total = to_money(variant.price * quantity)
        _share, commission = commission_split(line_total, group.commission_rate)
        order_lines.append(
            OrderLine(
                sub_order=sub_order,
                variant=variant,
                product_title=variant.product.title,
                variant_label=variant.label,
                sku=variant.sku,
                unit_price=variant.price,
                quantity=quantity,
                commission_rate=group.commission_rate,
                line_total=line_total,
                commission=commission,
            )
        )
        items_total += line_total
        commission_total += commission
    OrderLine.objects.bulk_create(order_lines)
    sub_order.items_total = items_total
    sub_order.commission_total = commission_total
    sub_order.save(update_fields=["items_total", "commission_total"])
    return sub_order


def _reservation_deadline(payment_method: str):
    if payment_method == PaymentMethod.CASH_ON_DELIVERY:
        return None
    minutes = (
        settings.TRANSFER_RESERVATION_MINUTES
        if payment_method == PaymentMethod.TRANSFER
        else settings.CARD_RESERVATION_MINUTES
    )
    return timezone.now() + timedelta(minutes=minutes)
