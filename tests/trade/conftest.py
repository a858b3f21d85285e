"""Trade enquiries: two groups that make the same craft, their staff, and the buyer's steps."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from marketplace.models import NotificationLog
from orders.trade.models import TradeEnquiry
from tests.factories import CraftCategoryFactory, UserFactory, make_group, make_product, make_staff

SAME_ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


@pytest.fixture
def trade_world(site_tree):
    """Two groups making ralli quilts (10 % and 12.5 % commission), a third making pottery."""
    quilts = CraftCategoryFactory(name="Ralli quilts", slug="ralli-quilts")
    pottery = CraftCategoryFactory(name="Pottery", slug="pottery")
    hala = make_group(
        "Hala Ralli Makers",
        province="Sindh",
        district="Matiari",
        contact_phone="+923001112223",
        contact_email="hala@example.org",
    )
    thar = make_group(
        "Thar Ralli Cooperative",
        province="Sindh",
        district="Tharparkar",
        commission_rate=Decimal("12.50"),
        contact_phone="+923004445556",
    )
    potters = make_group("Multan Potters", district="Multan")
    quilt = make_product(hala, "Ralli quilt", price="9000.00", category=quilts)
    make_product(thar, "Ralli cushion", price="2500.00", category=quilts)
    make_product(potters, "Blue pottery vase", price="1800.00", category=pottery)
    return {
        "quilts": quilts,
        "pottery": pottery,
        "hala": hala,
        "thar": thar,
        "potters": potters,
        "quilt": quilt,
        "hala_staff": make_staff(hala),
        "thar_staff": make_staff(thar),
        "potters_staff": make_staff(potters),
    }


@pytest.fixture
def trade_moderator(db):
    """A member of Wagtail's Moderators group (which the trade migration lets hide enquiries)."""
    user = UserFactory(username="trade-moderator")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def enquiry_post_data(**changes) -> dict:
    """The enquiry form as a buyer fills it: one item, a month ahead, phone and email."""
    deadline = timezone.localdate() + timedelta(days=30)
    data = {
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "10",
        "items-0-description": "Ralli quilt, double bed, indigo and red",
        "items-0-quantity": "200",
        "items-0-target_price": "7000",
        "buyer_name": "Sana Mirza",
        "business_name": "Indus Home Exports",
        "buyer_kind": "exporter",
        "contact_phone": "0321 7654321",
        "contact_email": "sana@indus-exports.example",
        "deadline": deadline.isoformat(),
        "delivery_place": "Port Qasim warehouse 7, Karachi",
        "will_visit": "on",
        "message": "Cotton only, please.",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def enquiry_send(client, *, group=None, craft=None, remote_addr="203.0.113.7", **changes):
    url = f"/trade/ask/?group={group.pk}" if group is not None else "/trade/ask/"
    if craft is not None:
        changes["craft"] = str(craft.pk)
    return client.post(url, enquiry_post_data(**changes), REMOTE_ADDR=remote_addr)


def code_sent_for(enquiry: TradeEnquiry) -> str:
    """The one-time code, read from the text message the notification log sent."""
    message = NotificationLog.objects.get(
        event="trade_enquiry_confirm",
        channel=NotificationLog.Channel.SMS,
        body__contains=enquiry.get_absolute_url(),
    )
    assert message.recipient == enquiry.contact_phone
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def enquiry_confirmed(client, **send) -> TradeEnquiry:
    response = enquiry_send(client, **send)
    assert response.status_code == 302, response.content.decode()[:2000]
    enquiry = TradeEnquiry.objects.latest("pk")
    response = client.post(
        f"{enquiry.get_absolute_url()}confirm/", {"code": code_sent_for(enquiry)}
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.is_confirmed
    return enquiry


def quote_post_data(enquiry, *, price="7400.00", **changes) -> dict:
    data = {f"price_{item.pk}": price for item in enquiry.items.all()}
    data.update(
        {
            "lead_time_days": "45",
            "valid_until": (timezone.localdate() + timedelta(days=14)).isoformat(),
            "sample_available": "on",
            "delivery_charge": "3000.00",
            "advance_percent": "30",
            "note": "Indigo from natural dye.",
        }
    )
    data.update(changes)
    return data


def quote_send(client, enquiry, **changes):
    return client.post(f"/admin/trade-enquiries/{enquiry.pk}/", quote_post_data(enquiry, **changes))


@pytest.fixture
def stripe_server(settings):
    """A fake Stripe on 127.0.0.1 that the real stripe library talks to (tests/fakes)."""
    from tests.fakes.stripe_server import FakeStripe

    with FakeStripe() as server:
        server.configure(settings)
        yield server
