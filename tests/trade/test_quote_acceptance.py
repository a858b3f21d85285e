"""A quote cannot be accepted after it expires, nor twice: the same click again gets the same
order, another quote of the same enquiry is refused; a group's quote is checked too."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import Order
from orders.trade.models import QuoteStatus, TradeQuote
from orders.trade.quotes import QuoteError, QuoteTerms, quote_accept, quote_submit
from tests.trade.conftest import enquiry_confirmed, quote_send

pytestmark = pytest.mark.django_db


def accept(client, enquiry, quote, method="transfer"):
    return client.post(
        f"{enquiry.get_absolute_url()}accept/{quote.pk}/", {f"q{quote.pk}-payment_method": method}
    )


@pytest.fixture
def quoted(client, trade_world):
    enquiry = enquiry_confirmed(client, craft=trade_world["quilts"])
    for staff in ("hala_staff", "thar_staff"):
        client.force_login(trade_world[staff])
        assert quote_send(client, enquiry).status_code == 302
    client.logout()
    return enquiry


def test_an_expired_quote_cannot_be_accepted(client, quoted):
    quote = quoted.quotes.first()
    TradeQuote.objects.filter(pk=quote.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    page = client.get(quoted.get_absolute_url()).content.decode()
    assert "This quote has expired." in page
    response = accept(client, quoted, quote)
    assert response.status_code == 409
    assert "This quote has expired" in response.content.decode()
    assert not Order.objects.exists()
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.OFFERED


def test_a_quote_valid_until_today_can_still_be_accepted(client, quoted):
    quote = quoted.quotes.first()
    TradeQuote.objects.filter(pk=quote.pk).update(valid_until=timezone.localdate())
    assert accept(client, quoted, quote).status_code == 302
    assert Order.objects.count() == 1


def test_accepting_twice_makes_one_order_and_other_quotes_close(client, quoted):
    first, second = quoted.quotes.order_by("pk")
    assert accept(client, quoted, first).status_code == 302
    again = accept(client, quoted, first)
    assert again.status_code == 302  # the same click again: the same order
    assert Order.objects.count() == 1
    assert again["Location"] == Order.objects.get().get_absolute_url()

    refused = accept(client, quoted, second)
    assert refused.status_code == 409
    assert "already accepted another quote" in refused.content.decode()
    with pytest.raises(QuoteError):
        quote_accept(token=quoted.access_token, quote_id=second.pk, payment_method="transfer")
    assert Order.objects.count() == 1


def test_a_wrong_token_reaches_nothing(client, quoted):
    quote = quoted.quotes.first()
    assert client.get("/trade/enquiry/not-the-token/").status_code == 404
    response = client.post(
        f"/trade/enquiry/not-the-token/accept/{quote.pk}/",
        {f"q{quote.pk}-payment_method": "transfer"},
    )
    assert response.status_code == 404
    assert not Order.objects.exists()


def test_a_group_quotes_once_within_sane_terms(client, trade_world, quoted):
    staff = trade_world["hala_staff"]
    terms = QuoteTerms(lead_time_days=30, valid_until=timezone.localdate() + timedelta(days=10))
    prices = {item.pk: item.quantity for item in quoted.items.all()}
    with pytest.raises(QuoteError, match="already sent a quote"):
        quote_submit(
            user=staff,
            enquiry_id=quoted.pk,
            group_id=trade_world["hala"].pk,
            prices=prices,
            terms=terms,
        )
    client.force_login(trade_world["hala_staff"])
    TradeQuote.objects.filter(producer_group=trade_world["hala"]).delete()
    for changes, message in (
        ({"valid_until": "2020-01-01"}, "valid from today for at most 180 days"),
        ({"lead_time_days": "0"}, "greater than or equal to 1"),
        ({"advance_percent": "150"}, "less than or equal to 100"),
    ):
        response = quote_send(client, quoted, **changes)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not TradeQuote.objects.filter(producer_group=trade_world["hala"]).exists()
