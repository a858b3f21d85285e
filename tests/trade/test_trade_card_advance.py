"""A trade order paid by card through the existing Stripe path: the buyer accepts a quote with
a 30 % advance, pays the advance on Stripe's page (the order is part-paid, nothing in the
ledger), then the balance from the enquiry page (paid, ledger written)."""

from decimal import Decimal

import pytest

from orders.models import LedgerEntry, OrderStatus, Payment, PaymentStatus
from orders.trade.models import TradeQuote
from tests.fakes.stripe_server import deliver, event
from tests.trade.conftest import enquiry_confirmed, quote_send

pytestmark = pytest.mark.django_db


def session_paid(client, stripe_server, response) -> None:
    """Follow the redirect to the fake Stripe page, pay, and deliver the webhook."""
    assert response.status_code == 302 and "/pay/" in response["Location"]
    session_id = response["Location"].rstrip("/").rsplit("/", 1)[1]
    paid = deliver(client, event("checkout.session.completed", stripe_server.pay(session_id)))
    assert paid.status_code == 200


def test_advance_then_balance_by_card(client, stripe_server, trade_world):
    enquiry = enquiry_confirmed(client, group=trade_world["hala"])
    client.force_login(trade_world["hala_staff"])
    quote_send(client, enquiry, price="1000.00", delivery_charge="500.00")
    client.logout()
    quote = TradeQuote.objects.get()

    response = client.post(
        f"{enquiry.get_absolute_url()}accept/{quote.pk}/", {f"q{quote.pk}-payment_method": "card"}
    )
    quote.refresh_from_db()
    order = quote.order
    assert order.grand_total == Decimal("200500.00") and order.advance_due == Decimal("60150.00")
    session_paid(client, stripe_server, response)
    order.refresh_from_db()
    assert (order.status, order.payment_status) == (OrderStatus.PART_PAID, PaymentStatus.PART_PAID)
    assert Payment.objects.get(order=order).amount == Decimal("60150.00")
    assert not LedgerEntry.objects.exists()
    assert "Pay by card" in client.get(enquiry.get_absolute_url()).content.decode()

    response = client.post(f"{enquiry.get_absolute_url()}pay/")
    session_paid(client, stripe_server, response)
    order.refresh_from_db()
    assert (order.status, order.payment_status) == (OrderStatus.PAID, PaymentStatus.PAID)
    amounts = sorted(Payment.objects.filter(order=order).values_list("amount", flat=True))
    assert amounts == [Decimal("60150.00"), Decimal("140350.00")]
    assert sum(LedgerEntry.objects.values_list("amount", flat=True)) == (
        order.sub_orders.get().group_earnings
    )
    # Nothing is left to pay: the button is gone and the view refuses.
    assert "Pay by card" not in client.get(enquiry.get_absolute_url()).content.decode()
    assert client.post(f"{enquiry.get_absolute_url()}pay/").status_code == 409
