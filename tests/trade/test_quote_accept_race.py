"""On PostgreSQL, many clicks on Accept at the same moment (the same quote, or two quotes of
one enquiry) make exactly one order."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from orders.models import Order, OrderLine, SubOrder
from orders.trade.models import QuoteStatus, TradeQuote
from orders.trade.quotes import QuoteError, quote_accept
from tests.trade.conftest import enquiry_confirmed, quote_send

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CLICKS = 16


def click_accept(token: str, quote_id: int, barrier: threading.Barrier) -> str:
    try:
        barrier.wait()
        return quote_accept(token=token, quote_id=quote_id, payment_method="transfer").number
    except QuoteError:
        return "refused"
    finally:
        connection.close()


def test_many_clicks_on_two_quotes_make_one_order(client, trade_world):
    assert connection.vendor == "postgresql"
    enquiry = enquiry_confirmed(client, craft=trade_world["quilts"])
    for staff in ("hala_staff", "thar_staff"):
        client.force_login(trade_world[staff])
        quote_send(client, enquiry)
    client.logout()
    first, second = TradeQuote.objects.order_by("pk")
    quote_ids = [first.pk if index % 2 else second.pk for index in range(CLICKS)]
    barrier = threading.Barrier(CLICKS)

    with ThreadPoolExecutor(max_workers=CLICKS) as pool:
        results = list(
            pool.map(
                lambda quote_id: click_accept(enquiry.access_token, quote_id, barrier), quote_ids
            )
        )

    numbers = {result for result in results if result != "refused"}
    print(
        f"{CLICKS} simultaneous accepts: {len(numbers)} order, {results.count('refused')} refused"
    )
    assert len(numbers) == 1 == Order.objects.count() == SubOrder.objects.count()
    assert OrderLine.objects.count() == enquiry.items.count()
    accepted = TradeQuote.objects.get(status=QuoteStatus.ACCEPTED)
    assert accepted.order.number in numbers
    # Every click on the accepted quote got its order; every click on the other was refused.
    assert results.count("refused") == quote_ids.count((second if accepted == first else first).pk)
