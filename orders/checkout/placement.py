"""Placing an order: one transaction that reserves stock, snapshots lines and splits by group.

Stock is taken with conditional UPDATEs (catalog.services.stock_change_unrecorded) in ascending
variant id order, so concurrent checkouts never oversell and never deadlock on each other; the
stock history of all lines is written with one INSERT once the order has its number.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import ProducerGroupPage, ProductVariant, StockMovementReason
from catalog.services import (
    StockChange,
    StockError,
    stock_change_unrecorded,
    stock_movements_record,
)
from events.selectors import groups_collecting_at_upcoming_melas
from marketplace.money import commission_split, to_money
from marketplace.users import AnyUser, User
from orders.checkout.cart import Cart, cart_variants, group_not_selling, is_on_sale
from orders.lifecycle.records import record_change
from orders.lifecycle.tables import order_status_derive
from orders.models import (
    FulfilmentMethod,
    Order,
    OrderLine,
    PaymentMethod,
    PaymentStatus,
    SubOrder,
    SubOrderStatus,
)
from orders.notifications import order_placed_notify


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


INITIAL_PAYMENT_STATUS: dict[str, str] = {
    PaymentMethod.CARD: PaymentStatus.PENDING,
    PaymentMethod.TRANSFER: PaymentStatus.PENDING,
    PaymentMethod.CASH_ON_DELIVERY: PaymentStatus.CASH_ON_DELIVERY,
}


def order_place(
    *,
    cart: Cart,
    buyer: AnyUser | None,
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
    if payment_method not in PaymentMethod.values:
        raise CheckoutError(_("Choose a payment method."))
    if not cart:
        if existing := _order_for_token(checkout_token):
            return existing
        raise CheckoutError(_("Your cart is empty."))
    try:
        with transaction.atomic():
            order = _place(cart, buyer, details, payment_method, fulfilment, checkout_token)
    except (IntegrityError, CheckoutError):
        # Submitted twice: the unique token refuses the second order (the first insert wins,
        # even at the same moment), or the first took the stock that the second now lacks.
        # Looked up only then: a first submission, by far the most common, never asks.
        if existing := _order_for_token(checkout_token):
            return existing
        raise
    cart.clear()
    return order


def _order_for_token(checkout_token: str) -> Order | None:
    return Order.objects.filter(checkout_token=checkout_token).first()


# What placing an order and its notifications read of a group: not its whole page.
PLACEMENT_GROUP_FIELDS = (
    "title",
    "delivery_charge",
    "locale",
    "terms__commission_rate",
    "terms__verification_status",
    "contact_email",
    "contact_phone",
    "country",
)


@dataclass
class _SubOrderDraft:
    group: ProducerGroupPage
    lines: list[OrderLine]
    items_total: Decimal
    delivery_charge: Decimal
    commission_total: Decimal
    collection_point: str


def _place(
    cart: Cart,
    buyer: AnyUser | None,
    details: BuyerDetails,
    payment_method: str,
    fulfilment: str,
    checkout_token: str,
) -> Order:
    buyer_user = buyer if isinstance(buyer, User) and buyer.is_authenticated else None
    quantities = dict(sorted(cart.quantities.items()))  # fixed lock order: ascending ids
    stock_left: dict[int, int] = {}
    for variant_id, quantity in quantities.items():
        try:
            stock_left[variant_id] = stock_change_unrecorded(variant_id=variant_id, delta=-quantity)
        except StockError:
            variant = ProductVariant.objects.select_related("product").filter(pk=variant_id).first()
            title = variant.product.title if variant else _("An item")
            raise CheckoutError(
                _("%(title)s: not enough stock left. Please review your cart.") % {"title": title}
            ) from None

    variants = cart_variants(quantities, group_fields=PLACEMENT_GROUP_FIELDS)
    by_group: dict[int, list[tuple[ProductVariant, int]]] = {}
    for variant in sorted(variants, key=lambda variant: variant.pk):
        quantity = quantities[variant.pk]
        # Stock is already taken (it may now be 0), so only availability is checked here.
        if not is_on_sale(variant) or variant.product.producer_group is None:
            raise CheckoutError(
                _("%(title)s is no longer on sale. Please review your cart.")
                % {"title": variant.product.title}
            )
        if group_not_selling(variant):
            raise CheckoutError(
                _(
                    "%(title)s: its producer group is not selling at the moment. "
                    "Please remove it from your cart."
                )
                % {"title": variant.product.title}
            )
        by_group.setdefault(variant.product.producer_group_id, []).append((variant, quantity))
    if sum(len(lines) for lines in by_group.values()) != len(quantities):
        raise CheckoutError(_("An item in your cart no longer exists. Please review your cart."))

    collection_points = (
        _collection_points(by_group) if fulfilment == FulfilmentMethod.COLLECT_AT_MELA else {}
    )
    # Every total is known before anything is written, so each row is inserted once, complete.
    drafts = [
        _sub_order_draft(lines, collection_points.get(group_id, ""))
        for group_id, lines in by_group.items()
    ]
    items_total = sum((draft.items_total for draft in drafts), Decimal("0.00"))
    delivery_total = sum((draft.delivery_charge for draft in drafts), Decimal("0.00"))
    order = Order.objects.create(
        # A placeholder until the id gives the number: the number is unique, so inserting the
        # same empty one made every other checkout wait here until this transaction committed.
        number=f"new-{uuid.uuid4().hex[:16]}",
        checkout_token=checkout_token,
        buyer=buyer_user,
        payment_method=payment_method,
        payment_status=INITIAL_PAYMENT_STATUS[payment_method],
        # Every sub-order starts new, so the derived status is known now: no refresh needed.
        status=order_status_derive(
            payment_status=INITIAL_PAYMENT_STATUS[payment_method],
            sub_order_statuses=[SubOrderStatus.NEW],
        ),
        fulfilment=fulfilment,
        items_total=items_total,
        delivery_total=delivery_total,
        grand_total=items_total + delivery_total,
        reservation_expires_at=_reservation_deadline(payment_method),
        **vars(details),
    )
    # The number is made from the id, which the insert gave.
    order.number = f"CM-{order.pk:06d}"
    Order.objects.filter(pk=order.pk).update(number=order.number)
    sub_orders = []
    for draft in drafts:
        sub_order = SubOrder.objects.create(
            order=order,
            producer_group=draft.group,
            producer_group_name=draft.group.title,
            collection_point=draft.collection_point,
            items_total=draft.items_total,
            delivery_charge=draft.delivery_charge,
            commission_total=draft.commission_total,
        )
        for line in draft.lines:
            line.sub_order = sub_order
        sub_orders.append((sub_order, draft.lines))
    OrderLine.objects.bulk_create([line for draft in drafts for line in draft.lines])
    stock_movements_record(
        changes=[
            StockChange(variant_id, -quantity, stock_left[variant_id])
            for variant_id, quantity in quantities.items()
        ],
        reason=StockMovementReason.SALE,
        reference=order.number,
    )
    record_change(
        order=order, field="status", old="", new=order.status, by=buyer_user, note="placed"
    )
    order_placed_notify(
        order=order, stock_left=stock_left, quantities=quantities, sub_orders=sub_orders
    )
    return order


def _collection_points(by_group: dict[int, Any]) -> dict[int, str]:
    """Where each group's part is collected; every group must have a stall at a coming mela."""
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


def _sub_order_draft(
    lines: list[tuple[ProductVariant, int]], collection_point: str
) -> _SubOrderDraft:
    group = lines[0][0].product.producer_group
    assert group is not None  # the cart holds only products of live groups
    commission_rate = group.commercial_terms.commission_rate  # snapshot on each line
    # Collected at the group's mela stall: no courier, no delivery charge.
    delivery = Decimal("0.00") if collection_point else to_money(group.delivery_charge)
    items_total = commission_total = Decimal("0.00")
    order_lines = []
    for variant, quantity in lines:
        line_total = to_money(variant.price * quantity)
        _share, commission = commission_split(line_total, commission_rate)
        order_lines.append(
            OrderLine(
                variant=variant,
                product_title=variant.product.title,
                variant_label=variant.label,
                sku=variant.sku,
                unit_price=variant.price,
                quantity=quantity,
                commission_rate=commission_rate,
                line_total=line_total,
                commission=commission,
            )
        )
        items_total += line_total
        commission_total += commission
    return _SubOrderDraft(
        group=group,
        lines=order_lines,
        items_total=items_total,
        delivery_charge=delivery,
        commission_total=commission_total,
        collection_point=collection_point,
    )


def _reservation_deadline(payment_method: str) -> datetime | None:
    if payment_method == PaymentMethod.CASH_ON_DELIVERY:
        return None
    minutes = (
        settings.TRANSFER_RESERVATION_MINUTES
        if payment_method == PaymentMethod.TRANSFER
        else settings.CARD_RESERVATION_MINUTES
    )
    return timezone.now() + timedelta(minutes=minutes)
