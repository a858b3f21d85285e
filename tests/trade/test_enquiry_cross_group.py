"""A group sees only the enquiries sent to it and only its own quote, and the buyer's contact
details only once its own quote is accepted; an enquiry for a craft reaches every group
selling that craft and no other."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders.trade.models import QuoteStatus, TradeQuote
from orders.trade.selectors import enquiries_for_user, enquiry_contact_for_group, quotes_for_user
from tests.trade.conftest import enquiry_confirmed, quote_send

pytestmark = pytest.mark.django_db

CONTACT = ("+923217654321", "sana@indus-exports.example", "Sana Mirza")


def page_of(client, user, url):
    client.force_login(user)
    response = client.get(url)
    client.logout()
    return response


def test_an_enquiry_for_one_group_is_invisible_to_the_others(client, trade_world):
    enquiry = enquiry_confirmed(client, group=trade_world["hala"])
    url = f"/admin/trade-enquiries/{enquiry.pk}/"

    assert page_of(client, trade_world["thar_staff"], url).status_code == 404
    listing = page_of(client, trade_world["thar_staff"], "/admin/trade-enquiries/")
    assert listing.status_code == 200
    assert "Indus Home Exports" not in listing.content.decode()
    client.force_login(trade_world["thar_staff"])
    assert quote_send(client, enquiry).status_code == 404  # cannot quote on it either
    client.logout()
    assert not TradeQuote.objects.exists()

    listing = page_of(client, trade_world["hala_staff"], "/admin/trade-enquiries/")
    assert "Indus Home Exports" in listing.content.decode()


def test_a_craft_enquiry_reaches_every_group_selling_it_and_quotes_stay_apart(client, trade_world):
    enquiry = enquiry_confirmed(client, craft=trade_world["quilts"])
    recipients = set(enquiry.recipients.values_list("producer_group", flat=True))
    assert recipients == {trade_world["hala"].pk, trade_world["thar"].pk}
    assert not enquiries_for_user(trade_world["potters_staff"]).exists()

    for staff, price in (("hala_staff", "7400.00"), ("thar_staff", "6900.00")):
        client.force_login(trade_world[staff])
        assert quote_send(client, enquiry, price=price).status_code == 302
    client.logout()

    hala_page = page_of(
        client, trade_world["hala_staff"], f"/admin/trade-enquiries/{enquiry.pk}/"
    ).content.decode()
    assert "7,400" in hala_page and "6,900" not in hala_page
    assert "Thar Ralli Cooperative" not in hala_page
    assert list(quotes_for_user(trade_world["hala_staff"])) == [
        TradeQuote.objects.get(producer_group=trade_world["hala"])
    ]


def test_contact_details_only_for_the_group_whose_quote_was_accepted(client, trade_world):
    enquiry = enquiry_confirmed(client, craft=trade_world["quilts"])
    for staff in ("hala_staff", "thar_staff"):
        client.force_login(trade_world[staff])
        quote_send(client, enquiry)
    client.logout()
    url = f"/admin/trade-enquiries/{enquiry.pk}/"
    for staff in ("hala_staff", "thar_staff"):
        page = page_of(client, trade_world[staff], url).content.decode()
        listing = page_of(client, trade_world[staff], "/admin/trade-enquiries/").content.decode()
        assert not any(detail in page or detail in listing for detail in CONTACT)
        assert "Shared once the buyer accepts your quote." in page
        assert enquiry_contact_for_group(user=trade_world[staff], enquiry_id=enquiry.pk) is None

    # The listing's queryset never loads the contact columns at all.
    with CaptureQueriesContext(connection) as queries:
        list(enquiries_for_user(trade_world["hala_staff"]))
    enquiry_select = [q["sql"] for q in queries if 'FROM "trade_tradeenquiry"' in q["sql"]]
    assert enquiry_select and all('"contact_phone"' not in sql for sql in enquiry_select)

    quote = TradeQuote.objects.get(producer_group=trade_world["thar"])
    client.post(
        f"{enquiry.get_absolute_url()}accept/{quote.pk}/",
        {f"q{quote.pk}-payment_method": "transfer"},
    )
    thar_page = page_of(client, trade_world["thar_staff"], url).content.decode()
    assert all(detail in thar_page for detail in CONTACT)
    hala_page = page_of(client, trade_world["hala_staff"], url).content.decode()
    assert not any(detail in hala_page for detail in CONTACT)
    assert TradeQuote.objects.get(producer_group=trade_world["hala"]).status == (
        QuoteStatus.DECLINED
    )


def test_listing_queries_do_not_grow_with_enquiries(client, settings, trade_world):
    settings.TRADE_ENQUIRY_LIMIT_PER_CONTACT = 10
    enquiry_confirmed(client, group=trade_world["hala"])
    client.force_login(trade_world["hala_staff"])
    with CaptureQueriesContext(connection) as one:
        assert client.get("/admin/trade-enquiries/").status_code == 200
    client.logout()
    for index in range(3):
        enquiry_confirmed(
            client,
            group=trade_world["hala"],
            remote_addr=f"198.51.100.{index + 1}",
        )
    client.force_login(trade_world["hala_staff"])
    with CaptureQueriesContext(connection) as four:
        assert client.get("/admin/trade-enquiries/").status_code == 200
    assert len(four) == len(one)
