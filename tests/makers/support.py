"""Makers with rates on products, orders placed through the real placement, paid for real."""

import itertools
from decimal import Decimal

from catalog.models import ArtisanConsent, MakerRate
from orders.checkout.cart import SESSION_KEY, Cart
from orders.checkout.placement import BuyerDetails, order_place
from orders.finance.ledger import ledger_record_order_paid
from orders.models import Order, PaymentMethod, PaymentStatus
from tests.factories import make_artisan

_tokens = itertools.count(1)


class Session(dict):
    modified = False


def add_makers(product, rates, *, consent=ArtisanConsent.FULL_NAME, phone="", sms=False):
    """One artisan of the product's group per (piece rate, hours), with her rate on it."""
    group = product.producer_group
    made = []
    for index, (piece_rate, hours) in enumerate(rates):
        artisan = make_artisan(
            group,
            full_name=f"Maker {product.pk}-{index} Bibi",
            consent=consent,
            phone=phone,
            sms_consent=sms,
        )
        MakerRate.objects.create(
            product=product,
            artisan=artisan,
            piece_rate=Decimal(piece_rate),
            hours_per_piece=Decimal(hours),
        )
        made.append(artisan)
    return made


def place(quantities: dict, *, payment_method=PaymentMethod.TRANSFER) -> Order:
    """An order for {variant: quantity}, placed by order_place itself."""
    cart = Cart(Session({SESSION_KEY: {str(v.pk): q for v, q in quantities.items()}}))
    return order_place(
        cart=cart,
        buyer=None,
        details=BuyerDetails(
            contact_name="Ayesha Khan",
            contact_phone="+923001234567",
            province="Punjab",
            city="Lahore",
            address_line1="House 12",
        ),
        payment_method=payment_method,
        checkout_token=f"makers-{next(_tokens)}",
    )


def mark_paid(order: Order) -> Order:
    """The payment arrived (as the lifecycle leaves it), and the ledger records it."""
    Order.objects.filter(pk=order.pk).update(payment_status=PaymentStatus.PAID, status="paid")
    order.refresh_from_db()
    ledger_record_order_paid(order=order)
    return order
