"""Checkout: one transaction, server-side prices, split by producer group, no double orders."""

from decimal import Decimal

import pytest

from catalog.models import ProductVariant
from orders.models import Order, OrderStatus, PaymentStatus, StatusChange, SubOrder
from tests.factories import make_group, make_product
from tests.orders.conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


def test_cash_on_delivery_order_is_split_by_producer_group(client, two_groups_catalog):
    catalog = two_groups_catalog
    add_to_cart(client, catalog["shawl"], 2)
    add_to_cart(client, catalog["quilt"], 1)

    response = client.post("/checkout/", checkout_data(client))

    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    assert order.number == f"CM-{order.pk:06d}"
    assert order.status == OrderStatus.CASH_ON_DELIVERY
    assert order.payment_status == PaymentStatus.CASH_ON_DELIVERY
    assert order.contact_phone == "+923001234567"
    assert order.items_total == Decimal("18999.99")
    assert order.delivery_total == Decimal("500.00")
    assert order.grand_total == Decimal("19499.99")
    subs = {sub.producer_group_name: sub for sub in SubOrder.objects.filter(order=order)}
    assert subs["Lahore Embroiderers Union"].items_total == Decimal("9000.00")
    assert subs["Lahore Embroiderers Union"].commission_total == Decimal("900.00")
    assert subs["Thar Ralli Cooperative"].commission_total == Decimal("1250.00")
    line = subs["Thar Ralli Cooperative"].lines.get()
    assert (line.product_title, line.sku, line.unit_price, line.commission_rate) == (
        "Ralli quilt",
        catalog["quilt"].sku,
        Decimal("9999.99"),
        Decimal("12.50"),
    )
    assert ProductVariant.objects.get(pk=catalog["shawl"].pk).stock == 3
    assert ProductVariant.objects.get(pk=catalog["quilt"].pk).stock == 2
    assert StatusChange.objects.filter(order=order).exists()
    assert client.session.get("cart") == {}

    page = client.get(order.get_absolute_url()).content.decode()
    assert page.count('data-testid="sub-order"') == 2


def test_submitted_money_fields_are_ignored(client, two_groups_catalog):
    add_to_cart(client, two_groups_catalog["shawl"], 1)
    data = checkout_data(
        client, price="1", unit_price="1", grand_total="1", items_total="1", delivery_total="0"
    )
    client.post("/checkout/", data)
    assert Order.objects.get().grand_total == Decimal("4700.00")


def test_double_submitted_checkout_creates_one_order(client, two_groups_catalog):
    add_to_cart(client, two_groups_catalog["shawl"], 1)
    data = checkout_data(client)
    first = client.post("/checkout/", data)
    add_to_cart(client, two_groups_catalog["shawl"], 1)  # the cart is not what makes it safe
    second = client.post("/checkout/", data)
    assert Order.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert ProductVariant.objects.get(pk=two_groups_catalog["shawl"].pk).stock == 4


def test_resubmitting_a_checkout_that_took_the_last_unit_shows_its_order(client, site_tree):
    group = make_group()
    last_unit = make_product(group, "Ralli quilt", price="9000.00", stock=1).variants.get()
    add_to_cart(client, last_unit, 1)
    data = checkout_data(client)
    first = client.post("/checkout/", data)
    # The second tap's request still carries the cart (read before the first emptied it).
    session = client.session
    session["cart"] = {str(last_unit.pk): 1}
    session.save()

    second = client.post("/checkout/", data)

    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert Order.objects.count() == 1


def test_not_enough_stock_at_checkout_writes_nothing(client, two_groups_catalog):
    catalog = two_groups_catalog
    add_to_cart(client, catalog["shawl"], 2)
    add_to_cart(client, catalog["quilt"], 3)
    data = checkout_data(client)
    ProductVariant.objects.filter(pk=catalog["quilt"].pk).update(stock=2)  # sold meanwhile

    response = client.post("/checkout/", data, follow=True)

    assert "Ralli quilt: not enough stock left" in response.content.decode()
    assert Order.objects.count() == 0
    assert ProductVariant.objects.get(pk=catalog["shawl"].pk).stock == 5  # rolled back
    assert ProductVariant.objects.get(pk=catalog["quilt"].pk).stock == 2


def test_item_unpublished_between_add_and_checkout(client, two_groups_catalog):
    catalog = two_groups_catalog
    add_to_cart(client, catalog["quilt"], 1)
    data = checkout_data(client)
    catalog["quilt"].product.unpublish()

    cart = client.get("/cart/").content.decode()
    assert "This item is no longer on sale." in cart
    response = client.post("/checkout/", data, follow=True)
    assert "Ralli quilt is no longer on sale" in response.content.decode()
    assert Order.objects.count() == 0
    assert ProductVariant.objects.get(pk=catalog["quilt"].pk).stock == 3


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"contact_phone": "12345"}, "contact_phone", "Enter a mobile number"),
        ({"contact_phone": "+92 21 1234567"}, "contact_phone", "Enter a mobile number"),
        ({"address_line1": ""}, "address_line1", "Needed for delivery."),
        ({"payment_method": "bitcoin"}, "payment_method", "Select a valid choice."),
        ({"payment_method": "card"}, "payment_method", "Select a valid choice."),  # no keys
        ({"checkout_token": "not-a-token"}, "checkout_token", "This form has expired."),
        ({"fulfilment": "collect"}, "fulfilment", "Select a valid choice."),
    ],
)
def test_invalid_checkout_shows_the_error(client, two_groups_catalog, changes, field, message):
    add_to_cart(client, two_groups_catalog["shawl"], 1)
    response = client.post("/checkout/", checkout_data(client, **changes))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert Order.objects.count() == 0


def test_checkout_page_shows_help_and_errors_beside_their_fields(client, two_groups_catalog):
    add_to_cart(client, two_groups_catalog["shawl"], 1)
    response = client.post("/checkout/", checkout_data(client, contact_phone="12345"))
    html = response.content.decode()
    # The help text and the error that the phone input names for screen readers exist.
    assert 'aria-describedby="id_contact_phone_helptext id_contact_phone_error"' in html
    assert '<p class="fine" id="id_contact_phone_helptext">' in html
    assert '<div class="field has-error required">' in html  # the phone field is required
    assert (
        '<div id="id_contact_phone_error"><p class="error" role="alert">'
        "Enter a mobile number such as 0300 1234567"
    ) in html
    assert 'value="12345"' in html  # what the buyer typed is kept


@pytest.mark.parametrize(
    "phone",
    ["0300-1234567", "+92 300 1234567", "00923001234567", "+44 7911 123456", "+1 (415) 555-0100"],
)
def test_pakistani_and_international_phone_numbers_are_accepted(client, two_groups_catalog, phone):
    add_to_cart(client, two_groups_catalog["shawl"], 1)
    response = client.post("/checkout/", checkout_data(client, contact_phone=phone))
    assert response.status_code == 302


def test_card_payment_is_hidden_without_stripe_keys(client, two_groups_catalog, settings):
    settings.STRIPE_SECRET_KEY = ""
    add_to_cart(client, two_groups_catalog["shawl"], 1)
    html = client.get("/checkout/").content.decode()
    assert 'value="cod"' in html and 'value="transfer"' in html
    assert 'value="card"' not in html


def test_empty_cart_cannot_check_out(client, site_tree):
    response = client.get("/checkout/")
    assert response.status_code == 302 and response["Location"] == "/cart/"


def test_buying_the_very_last_unit_works(client, two_groups_catalog):
    quilt = two_groups_catalog["quilt"]
    add_to_cart(client, quilt, 3)
    response = client.post("/checkout/", checkout_data(client))
    assert response.status_code == 302
    assert ProductVariant.objects.get(pk=quilt.pk).stock == 0
    assert Order.objects.count() == 1


def test_totals_that_floating_point_gets_wrong_are_stored_exactly(client, site_tree):
    from tests.factories import make_group, make_product

    group = make_group("Sukkur Palm Weavers", delivery_charge=Decimal("222.46"))
    variant = make_product(group, "Palm-leaf fan", price="15.93").variants.get()
    add_to_cart(client, variant, 1)
    assert client.post("/checkout/", checkout_data(client)).status_code == 302
    order = Order.objects.get()
    assert (order.items_total, order.delivery_total, order.grand_total) == (
        Decimal("15.93"),
        Decimal("222.46"),
        Decimal("238.39"),
    )


def test_placing_an_order_records_one_status_row(client, two_groups_catalog):
    add_to_cart(client, two_groups_catalog["shawl"], 1)
    client.post("/checkout/", checkout_data(client, payment_method="transfer"))
    order = Order.objects.get()
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert list(order.history.values_list("field", "old_value", "new_value")) == [
        ("status", "", OrderStatus.PENDING_PAYMENT)
    ]
