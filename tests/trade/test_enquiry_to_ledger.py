"""The whole trade path: enquiry → code → quote → acceptance → order → advance and balance
by transfer → ledger, at the agreed prices (not the catalogue's), with commission and the
group's earnings adding up to the paisa."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.models import NotificationLog
from orders.lifecycle.payments import transfer_verify
from orders.models import LedgerEntry, Order, OrderStatus, Payment, PaymentStatus
from orders.trade.models import QuoteStatus, TradeQuote
from tests.orders.order_desk_support import finance_user
from tests.trade.conftest import enquiry_confirmed, quote_send

pytestmark = pytest.mark.django_db


def test_enquiry_to_quote_to_order_to_ledger(client, trade_world):
    world = trade_world
    enquiry = enquiry_confirmed(client, group=world["hala"])
    assert list(enquiry.recipients.values_list("producer_group", flat=True)) == [world["hala"].pk]
    told = NotificationLog.objects.get(event="trade_enquiry_new", channel="sms")
    assert told.recipient == "+923001112223"
    assert "Sana" not in told.body and "7654321" not in told.body

    # The group answers from its admin: 200 quilts at Rs 7,400, Rs 3,000 delivery, 30 % advance.
    client.force_login(world["hala_staff"])
    page = client.get(f"/admin/trade-enquiries/{enquiry.pk}/").content.decode()
    assert "Indus Home Exports" in page and "+923217654321" not in page
    assert quote_send(client, enquiry).status_code == 302
    quote = TradeQuote.objects.get()
    quote_sms = NotificationLog.objects.get(event="trade_quote_received", channel="sms")
    assert quote_sms.recipient == "+923217654321"
    client.logout()

    # The buyer accepts from the private link and pays by transfer.
    detail = client.get(enquiry.get_absolute_url())
    assert "Hala Ralli Makers" in detail.content.decode()
    response = client.post(
        f"{enquiry.get_absolute_url()}accept/{quote.pk}/",
        {f"q{quote.pk}-payment_method": "transfer"},
    )
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.ACCEPTED and quote.order == order

    line = order.sub_orders.get().lines.get()
    assert line.unit_price == Decimal("7400.00")  # agreed, not the catalogue's 9,000
    assert line.quantity == 200 and line.variant is None
    assert order.items_total == Decimal("1480000.00")
    assert order.grand_total == Decimal("1483000.00")
    assert order.advance_due == Decimal("444900.00")  # 30 %
    assert line.commission == Decimal("148000.00")  # the group's 10 %
    assert order.status == OrderStatus.PENDING_PAYMENT

    # The group now reads the buyer's contact details on the enquiry.
    client.force_login(world["hala_staff"])
    page = client.get(f"/admin/trade-enquiries/{enquiry.pk}/").content.decode()
    assert "+923217654321" in page and "Sana Mirza" in page
    client.logout()

    # Advance by transfer, verified: part-paid, nothing in the ledger yet.
    assert "Send Rs 444,900 by transfer" in client.get(order.get_absolute_url()).content.decode()
    client.post(order.get_absolute_url(), {"provider": "bank", "reference": "ADV-1001"})
    advance = Payment.objects.get(order=order)
    assert advance.amount == Decimal("444900.00")
    finance = finance_user()
    transfer_verify(payment_id=advance.pk, by=finance, approve=True)
    order.refresh_from_db()
    assert (order.status, order.payment_status) == (OrderStatus.PART_PAID, PaymentStatus.PART_PAID)
    assert not LedgerEntry.objects.exists()
    page = client.get(order.get_absolute_url()).content.decode()
    assert "Send the rest, Rs 1,038,100, before it is dispatched." in page

    # The balance, verified: paid, and the ledger holds sale, commission and delivery.
    client.post(order.get_absolute_url(), {"provider": "bank", "reference": "BAL-1002"})
    balance = Payment.objects.filter(order=order).latest("pk")
    assert balance.amount == Decimal("1038100.00")
    with CaptureQueriesContext(connection) as queries:
        transfer_verify(payment_id=balance.pk, by=finance, approve=True)
    assert len(queries) < 60
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    entries = {entry.kind: entry.amount for entry in LedgerEntry.objects.all()}
    assert entries == {
        "sale": Decimal("1480000.00"),
        "commission": Decimal("-148000.00"),
        "delivery": Decimal("3000.00"),
    }
    assert sum(entries.values()) == order.sub_orders.get().group_earnings
