"""An accepted quote becomes an order: one sub-order for the quoting group, at the agreed
prices, placed like a checkout's order (number, history, notifications) so that payment,
ledger, commission, payouts and cancellation work through orders.lifecycle unchanged.

The lines have no variant: a trade order is made to order and takes no stock, so cancelling
it puts nothing back on sale.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from marketplace.money import HUNDRED, commission_split, to_money
from orders.lifecycle.records import record_change
from orders.lifecycle.tables import order_status_derive
from orders.models import Order, OrderLine, PaymentMethod, PaymentStatus, SubOrder, SubOrderStatus
from orders.notifications import order_placed_notify
from orders.trade.models import TradeEnquiry, TradeQuote

TRADE_PAYMENT_METHODS = (PaymentMethod.TRANSFER, PaymentMethod.CARD)


def advance_amount(total: Decimal, percent: int) -> Decimal:
    """The advance asked of `total`; 0 when the whole is paid at once (0 % or 100 %)."""
    if not 0 < percent < 100:
        return Decimal("0.00")
    return to_money(total * percent / HUNDRED)


def trade_order_place(*, quote: TradeQuote, enquiry: TradeEnquiry, payment_method: str) -> Order:
    """Create the order for `quote`; call inside the acceptance's transaction, rows locked.

    The checkout token `trade-quote-<id>` is unique: a second order for one quote is refused
    by the database even if the caller's lock were missing.
    """
    group = quote.producer_group
    commission_rate = group.commercial_terms.commission_rate
    lines = []
    items_total = commission_total = Decimal("0.00")
    for quote_line in quote.lines.select_related("item").order_by("item_id"):
        item = quote_line.item
        line_total = to_money(quote_line.price_per_piece * item.quantity)
        _share, commission = commission_split(line_total, commission_rate)
        lines.append(
            OrderLine(
                variant=None,
                product_title=item.description[:255],
                sku=f"TQ{quote.pk}-{item.pk}",
                unit_price=quote_line.price_per_piece,
                quantity=item.quantity,
                commission_rate=commission_rate,
                line_total=line_total,
                commission=commission,
            )
        )
        items_total += line_total
        commission_total += commission
    delivery = to_money(quote.delivery_charge)
    grand_total = items_total + delivery
    order = Order.objects.create(
        number=f"new-trade-{quote.pk}",
        checkout_token=f"trade-quote-{quote.pk}",
        payment_method=payment_method,
        payment_status=PaymentStatus.PENDING,
        status=order_status_derive(
            payment_status=PaymentStatus.PENDING, sub_order_statuses=[SubOrderStatus.NEW]
        ),
        contact_name=f"{enquiry.buyer_name} ({enquiry.business_name})"[:120],
        contact_phone=enquiry.contact_phone,
        contact_email=enquiry.contact_email,
        address_line1=enquiry.delivery_place[:200],
        buyer_note=enquiry.message[:500],
        items_total=items_total,
        delivery_total=delivery,
        grand_total=grand_total,
        advance_due=advance_amount(grand_total, quote.advance_percent),
        # Nothing is reserved; an accepted quote left unpaid this long is cancelled.
        reservation_expires_at=timezone.now() + timedelta(days=settings.TRADE_PAYMENT_DAYS),
    )
    order.number = f"CM-{order.pk:06d}"
    Order.objects.filter(pk=order.pk).update(number=order.number)
    sub_order = SubOrder.objects.create(
        order=order,
        producer_group=group,
        producer_group_name=group.title,
        items_total=items_total,
        delivery_charge=delivery,
        commission_total=commission_total,
    )
    for line in lines:
        line.sub_order = sub_order
    OrderLine.objects.bulk_create(lines)
    record_change(order=order, field="status", old="", new=order.status, note="trade quote")
    order_placed_notify(order=order, sub_orders=[(sub_order, lines)])
    return order
