"""Buyer accounts: sign-up, log-in and out, password reset, order history, saved addresses,
and checkout with a saved address. Guests can still check out without an account."""

import re
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from orders.models import Order, SavedAddress
from tests.factories import UserFactory
from tests.orders.conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "phulkari-on-silk-2005"


def sign_up(client, username="ayesha", email="", password=PASSWORD, **extra):
    data = {"username": username, "email": email, "password1": password, "password2": password}
    return client.post("/account/signup/", data | extra)


def make_order(buyer, number: int, total: str = "1000.00") -> Order:
    return Order.objects.create(
        number=f"CM-{number:06d}",
        checkout_token=uuid.uuid4().hex,
        buyer=buyer,
        payment_method="cod",
        payment_status="cod",
        status="cash_on_delivery",
        contact_name="Ayesha Khan",
        contact_phone="+923001234567",
        items_total=Decimal(total),
        delivery_total=Decimal("0.00"),
        grand_total=Decimal(total),
    )


ADDRESS = {
    "label": "Home",
    "contact_name": "Ayesha Khan",
    "contact_phone": "0300 1234567",
    "province": "Sindh",
    "city": "Hyderabad",
    "address_line1": "House 7, Latifabad Unit 6",
    "address_line2": "",
    "postal_code": "71000",
}


def saved_address(buyer, **changes) -> SavedAddress:
    fields = ADDRESS | {"contact_phone": "+923001234567"} | changes
    return SavedAddress.objects.create(buyer=buyer, **fields)


# --- Sign-up, log-in, log-out, password reset -----------------------------------------------


def test_new_buyer_signs_up_is_logged_in_and_keeps_the_cart(client, two_groups_catalog):
    add_to_cart(client, two_groups_catalog["shawl"], 2)

    response = sign_up(client, email="ayesha@example.org")

    assert response.status_code == 302 and response["Location"] == "/account/orders/"
    user = User.objects.get(username="ayesha")
    assert user.email == "ayesha@example.org" and user.check_password(PASSWORD)
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.session["cart"] == {str(two_groups_catalog["shawl"].pk): 2}


def test_sign_up_refuses_a_common_or_numeric_password(client):
    response = sign_up(client, password="12345678")

    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert not User.objects.filter(username="ayesha").exists()


def test_sign_up_returns_to_a_local_next_page_but_never_to_another_site(client):
    assert sign_up(client, next="/checkout/")["Location"] == "/checkout/"
    client.logout()
    response = sign_up(client, username="bushra", next="https://evil.example/")
    assert response["Location"] == "/account/orders/"


def test_buyer_logs_in_and_logs_out_with_a_post(client):
    UserFactory(username="ayesha", password=PASSWORD)

    response = client.post("/account/login/", {"username": "ayesha", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/account/orders/"
    assert client.get("/account/orders/").status_code == 200

    assert client.get("/account/logout/").status_code == 405  # a link cannot log anyone out
    response = client.post("/account/logout/")
    assert response.status_code == 200 and "You are logged out" in response.content.decode()
    assert client.get("/account/orders/")["Location"].startswith("/account/login/")


def test_wrong_password_is_refused_with_a_message(client):
    UserFactory(username="ayesha", password=PASSWORD)
    response = client.post("/account/login/", {"username": "ayesha", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_password_reset_link_by_email_sets_a_new_password(client):
    UserFactory(username="ayesha", email="ayesha@example.org", password=PASSWORD)

    response = client.post("/account/password/reset/", {"email": "ayesha@example.org"})
    assert response["Location"] == "/account/password/reset/sent/"
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/account/password/reset/\S+/)", mail.outbox[0].body)

    form_url = client.get(link.group(1))["Location"]  # Django hides the token from the page
    page = client.get(form_url).content.decode()
    assert "Choose a new password" in page
    assert "&lt;" not in page  # the password rules are sentences, not an escaped HTML list
    new = "ralli-quilt-from-thar-77"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response["Location"] == "/account/password/reset/done/"
    assert User.objects.get(username="ayesha").check_password(new)


def test_account_link_sends_guests_to_log_in_and_buyers_to_their_orders(client):
    assert client.get("/account/")["Location"] == "/account/login/?next=/account/orders/"
    client.force_login(UserFactory())
    assert client.get("/account/")["Location"] == "/account/orders/"


def test_header_account_link_does_not_depend_on_who_is_looking(client, site_tree):
    """The header is on cached anonymous pages: it must be the same for everyone."""
    anonymous = client.get("/shop/").content.decode()
    client.force_login(UserFactory(username="ayesha"))
    logged_in = client.get("/shop/").content.decode()

    header = re.compile(r"<header.*?</header>", re.S)
    assert header.search(anonymous).group() == header.search(logged_in).group()
    assert 'href="/account/"' in anonymous and "ayesha" not in logged_in.split("</header>")[0]


def test_account_pages_work_in_urdu(client):
    response = client.get("/ur/account/login/")
    assert response.status_code == 200
    assert '<html lang="ur" dir="rtl">' in response.content.decode()


# --- Order history --------------------------------------------------------------------------


def test_order_history_lists_only_the_buyers_own_orders_newest_first(client):
    buyer, other = UserFactory(), UserFactory()
    make_order(buyer, 1)
    make_order(other, 2)
    make_order(None, 3)
    make_order(buyer, 4)
    client.force_login(buyer)

    page = client.get("/account/orders/").content.decode()

    assert re.findall(r">(CM-\d{6})<", page) == ["CM-000004", "CM-000001"]


def test_order_history_is_paginated_with_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    buyer = UserFactory()
    for number in range(1, 13):
        make_order(buyer, number)
    client.force_login(buyer)

    with django_assert_max_num_queries(8):
        first = client.get("/account/orders/").content.decode()
    second = client.get("/account/orders/?page=2").content.decode()

    assert len(re.findall(r">(CM-\d{6})<", first)) == 10 and "CM-000012" in first
    assert re.findall(r">(CM-\d{6})<", second) == ["CM-000002", "CM-000001"]
    assert "Page 2 of 2" in second


def test_order_history_without_orders_shows_an_empty_state(client):
    client.force_login(UserFactory())
    page = client.get("/account/orders/").content.decode()
    assert "You have not placed an order with this account yet." in page


def test_order_history_needs_a_logged_in_buyer(client):
    response = client.get("/account/orders/")
    assert response["Location"] == "/account/login/?next=/account/orders/"


# --- Saved addresses ------------------------------------------------------------------------


def test_buyer_adds_edits_and_deletes_a_saved_address(client):
    buyer = UserFactory()
    client.force_login(buyer)

    response = client.post("/account/addresses/new/", ADDRESS)
    assert response["Location"] == "/account/addresses/"
    address = SavedAddress.objects.get(buyer=buyer)
    assert address.contact_phone == "+923001234567"

    client.post(f"/account/addresses/{address.pk}/", ADDRESS | {"label": "Mother's house"})
    address.refresh_from_db()
    assert address.label == "Mother's house"
    assert "Mother&#x27;s house" in client.get("/account/addresses/").content.decode()

    client.post(f"/account/addresses/{address.pk}/delete/")
    assert not SavedAddress.objects.filter(buyer=buyer).exists()


def test_saved_address_needs_a_valid_phone_and_the_delivery_fields(client):
    client.force_login(UserFactory())
    response = client.post("/account/addresses/new/", ADDRESS | {"contact_phone": "12", "city": ""})
    assert response.status_code == 200
    assert "Enter a mobile number such as 0300 1234567" in response.content.decode()
    assert not SavedAddress.objects.exists()


def test_another_buyers_address_cannot_be_seen_edited_or_deleted(client):
    owner, intruder = UserFactory(), UserFactory()
    address = saved_address(owner)
    client.force_login(intruder)

    assert client.get(f"/account/addresses/{address.pk}/").status_code == 404
    assert client.post(f"/account/addresses/{address.pk}/", ADDRESS).status_code == 404
    assert client.post(f"/account/addresses/{address.pk}/delete/").status_code == 404
    assert "Latifabad" not in client.get("/account/addresses/").content.decode()
    address.refresh_from_db()
    assert address.buyer == owner and address.label == "Home"


# --- Checkout with an account ---------------------------------------------------------------


def test_checkout_is_prefilled_from_the_chosen_saved_address(client, two_groups_catalog):
    buyer = UserFactory(email="ayesha@example.org")
    saved_address(buyer, label="Home")
    office = saved_address(buyer, label="Office", city="Karachi", address_line1="Plot 9, Saddar")
    client.force_login(buyer)
    add_to_cart(client, two_groups_catalog["shawl"])

    form = client.get(f"/checkout/?address={office.pk}").context["form"]

    assert form["city"].value() == "Karachi"
    assert form["address_line1"].value() == "Plot 9, Saddar"
    assert form["contact_phone"].value() == "0300 1234567"  # stored +923001234567, shown local
    assert form["contact_email"].value() == "ayesha@example.org"
    assert form["save_address"].value() is False  # already saved


def test_checkout_ignores_another_buyers_address_id(client, two_groups_catalog):
    other_address = saved_address(UserFactory(), city="Multan")
    client.force_login(UserFactory())
    add_to_cart(client, two_groups_catalog["shawl"])

    form = client.get(f"/checkout/?address={other_address.pk}").context["form"]

    assert form["city"].value() in (None, "")


def test_save_this_address_at_checkout_keeps_one_copy(client, two_groups_catalog):
    buyer = UserFactory()
    client.force_login(buyer)
    for _ in range(2):
        add_to_cart(client, two_groups_catalog["shawl"])
        response = client.post("/checkout/", checkout_data(client, save_address="on"))
        assert response.status_code == 302

    assert Order.objects.filter(buyer=buyer).count() == 2
    address = SavedAddress.objects.get(buyer=buyer)
    assert (address.label, address.city, address.contact_phone) == (
        "Lahore",
        "Lahore",
        "+923001234567",
    )


def test_guest_checkout_still_works_without_an_address_book(client, two_groups_catalog):
    add_to_cart(client, two_groups_catalog["shawl"])
    response = client.get("/checkout/")
    assert "save_address" not in response.context["form"].fields

    client.post("/checkout/", checkout_data(client, save_address="on"))

    assert Order.objects.get().buyer is None
    assert not SavedAddress.objects.exists()
