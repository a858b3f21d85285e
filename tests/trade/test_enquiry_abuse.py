"""Spam and abuse: rate limits per address and per contact (a 429 page), the one-time code
(groups see nothing before it; wrong codes run out), moderators hiding an enquiry, and
absurd quantities or dates refused with a message."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from orders.models import Order
from orders.trade.enquiries import (
    MAX_CODE_ATTEMPTS,
    EnquiryDetails,
    EnquiryError,
    EnquiryItemDraft,
    enquiry_hide,
    enquiry_submit,
)
from orders.trade.models import TradeEnquiry
from orders.trade.selectors import enquiries_for_user
from tests.trade.conftest import code_sent_for, enquiry_confirmed, enquiry_send, quote_send

pytestmark = pytest.mark.django_db


def test_sixth_enquiry_from_one_address_gets_the_429_page(client, settings, trade_world):
    settings.TRADE_ENQUIRY_LIMIT_PER_CONTACT = 100  # only the address counts here
    for index in range(settings.TRADE_ENQUIRY_LIMIT_PER_IP):
        response = enquiry_send(
            client, group=trade_world["hala"], contact_phone=f"0321 765432{index}"
        )
        assert response.status_code == 302
    response = enquiry_send(client, group=trade_world["hala"], contact_phone="0321 7654329")
    assert response.status_code == 429
    assert "Too many enquiries" in response.content.decode()
    assert TradeEnquiry.objects.count() == settings.TRADE_ENQUIRY_LIMIT_PER_IP
    # Another address is not affected.
    other = enquiry_send(
        client, group=trade_world["hala"], contact_phone="0321 7654328", remote_addr="198.51.100.4"
    )
    assert other.status_code == 302


def test_one_phone_from_many_addresses_is_limited_too(client, settings, trade_world):
    for index in range(settings.TRADE_ENQUIRY_LIMIT_PER_CONTACT):
        response = enquiry_send(
            client, group=trade_world["hala"], remote_addr=f"198.51.100.{index + 10}"
        )
        assert response.status_code == 302
    response = enquiry_send(client, group=trade_world["hala"], remote_addr="198.51.100.99")
    assert response.status_code == 429
    assert TradeEnquiry.objects.count() == settings.TRADE_ENQUIRY_LIMIT_PER_CONTACT


def test_groups_see_an_enquiry_only_once_its_code_is_confirmed(client, trade_world):
    enquiry_send(client, group=trade_world["hala"])
    enquiry = TradeEnquiry.objects.get()
    staff = trade_world["hala_staff"]
    assert not enquiries_for_user(staff).exists()
    client.force_login(staff)
    assert client.get(f"/admin/trade-enquiries/{enquiry.pk}/").status_code == 404
    client.logout()

    code = code_sent_for(enquiry)
    client.post(f"{enquiry.get_absolute_url()}confirm/", {"code": code})
    assert list(enquiries_for_user(staff)) == [enquiry]


def test_wrong_codes_run_out(client, trade_world):
    enquiry_send(client, group=trade_world["hala"])
    enquiry = TradeEnquiry.objects.get()
    right = code_sent_for(enquiry)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    url = f"{enquiry.get_absolute_url()}confirm/"
    for _attempt in range(MAX_CODE_ATTEMPTS):
        response = client.post(url, {"code": wrong})
        assert response.status_code == 400
        assert "This code is not right" in response.content.decode()
    response = client.post(url, {"code": right})
    assert response.status_code == 400
    assert "Too many wrong codes" in response.content.decode()
    enquiry.refresh_from_db()
    assert not enquiry.is_confirmed and not enquiry.recipients.exists()


def test_moderator_hides_an_enquiry_groups_lose_it_and_no_quote_can_be_accepted(
    client, trade_world, trade_moderator
):
    enquiry = enquiry_confirmed(client, group=trade_world["hala"])
    client.force_login(trade_world["hala_staff"])
    quote_send(client, enquiry)
    quote = enquiry.quotes.get()
    client.force_login(trade_world["thar_staff"])
    with pytest.raises(PermissionDenied):
        enquiry_hide(by=trade_world["thar_staff"], enquiry_id=enquiry.pk, reason="spam")

    client.force_login(trade_moderator)
    listing = client.get("/admin/trade-enquiries/").content.decode()
    assert "Indus Home Exports" in listing
    response = client.post(f"/admin/trade-enquiries/{enquiry.pk}/hide/", {"reason": "Spam"})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.hidden_at is not None and enquiry.hidden_by == trade_moderator
    client.logout()

    assert not enquiries_for_user(trade_world["hala_staff"]).exists()
    response = client.post(
        f"{enquiry.get_absolute_url()}accept/{quote.pk}/",
        {f"q{quote.pk}-payment_method": "transfer"},
    )
    assert response.status_code == 409
    assert "closed by the moderators" in response.content.decode()
    assert not Order.objects.exists()


def test_group_staff_cannot_hide(client, trade_world):
    enquiry = enquiry_confirmed(client, group=trade_world["hala"])
    client.force_login(trade_world["hala_staff"])
    response = client.post(f"/admin/trade-enquiries/{enquiry.pk}/hide/", {"reason": "x"})
    # Wagtail answers a refused admin action by sending the user back to the dashboard.
    assert (response.status_code, response.get("Location")) in ((403, None), (302, "/admin/"))
    enquiry.refresh_from_db()
    assert enquiry.hidden_at is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"items-0-quantity": "5000000"}, "At most 100000 pieces"),
        ({"items-0-quantity": "0"}, "Ensure this value is greater than or equal to 1"),
        ({"deadline": "2020-01-01"}, "Give at least 3 days"),
        ({"deadline": "2099-01-01"}, "within the next two years"),
        ({"contact_phone": "", "contact_email": ""}, "Give a mobile number or an email"),
        (
            {"items-0-description": "", "items-0-quantity": "", "items-0-target_price": ""},
            "Add at least one item",
        ),
        ({"items-0-product_link": "https://evil.example/x/"}, "not the web address of a product"),
    ],
)
def test_absurd_enquiries_are_refused_with_a_message(client, trade_world, changes, message):
    response = enquiry_send(client, group=trade_world["hala"], **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TradeEnquiry.objects.exists()


def test_the_service_refuses_absurd_values_whatever_the_form_did(trade_world):
    details = EnquiryDetails(
        buyer_name="A",
        business_name="B",
        buyer_kind="shop",
        deadline=timezone.localdate() + timedelta(days=1),
        delivery_place="Lahore",
        contact_phone="+923001234567",
        producer_group_id=trade_world["hala"].pk,
    )
    with pytest.raises(EnquiryError, match="at least 3 days"):
        enquiry_submit(details=details, items=[EnquiryItemDraft("Quilt", 10)], language="en")
    later = EnquiryDetails(
        **{**vars(details), "deadline": timezone.localdate() + timedelta(days=9)}
    )
    with pytest.raises(EnquiryError, match="target price"):
        enquiry_submit(
            details=later,
            items=[EnquiryItemDraft("Quilt", 10, target_price=Decimal("-1"))],
            language="en",
        )
    with pytest.raises(EnquiryError, match="one producer group, or every group"):
        enquiry_submit(
            details=EnquiryDetails(**{**vars(later), "craft_id": trade_world["quilts"].pk}),
            items=[EnquiryItemDraft("Quilt", 10)],
            language="en",
        )
    assert not TradeEnquiry.objects.exists()


def test_a_product_link_of_this_site_is_kept_on_the_item(client, trade_world):
    quilt = trade_world["quilt"]
    # The public path is the page's tree path without the site root ("/home").
    public_path = "/" + quilt.url_path.strip("/").split("/", 1)[1] + "/"
    enquiry_send(
        client,
        group=trade_world["hala"],
        **{"items-0-product_link": f"https://craftsmela.example/ur{public_path}"},
    )
    item = TradeEnquiry.objects.get().items.get()
    assert item.product_id == quilt.pk
