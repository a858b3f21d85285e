"""Urdu and local input: digits in any script, phone numbers in any usual shape, stored in E.164."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from events.forms import StallSaleForm
from marketplace.local_input import ascii_digits, phone_display, phone_normalise
from orders.checkout.forms import CartAddForm, CheckoutForm, TransferReferenceForm
from orders.models import Order

URDU = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0300 1234567", "+923001234567"),
        ("0300-1234567", "+923001234567"),
        ("03001234567", "+923001234567"),
        ("3001234567", "+923001234567"),
        ("+92 300 1234567", "+923001234567"),
        ("+92-300-1234567", "+923001234567"),
        ("0092 300 1234567", "+923001234567"),
        ("00923001234567", "+923001234567"),
        ("(0300) 123 4567", "+923001234567"),
        (" 0321 7654321 ", "+923217654321"),
        ("۰۳۰۰ ۱۲۳۴۵۶۷", "+923001234567"),
        ("۰۳۰۰-۱۲۳۴۵۶۷", "+923001234567"),
        ("۳۰۰۱۲۳۴۵۶۷", "+923001234567"),
        ("+۹۲ ۳۰۰ ۱۲۳۴۵۶۷", "+923001234567"),
        ("۰۰۹۲۳۰۰۱۲۳۴۵۶۷", "+923001234567"),
        ("٠٣٠٠ ١٢٣٤٥٦٧", "+923001234567"),
        ("+٩٢ ٣٠٠ ١٢٣٤٥٦٧", "+923001234567"),
        ("۰۳۰۰ 1234567", "+923001234567"),  # mixed scripts, as a switched keyboard gives
        ("\u200e+92 300 1234567\u200f", "+923001234567"),  # invisible direction marks
        ("+44 7911 123456", "+447911123456"),
        ("+1 (415) 555-2671", "+14155552671"),
    ],
)
def test_phone_numbers_as_typed_are_stored_in_e164(typed, stored):
    assert phone_normalise(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "12345",
        "0300 123456",  # a digit short
        "0300 12345678",  # a digit too many
        "+92 21 1234567",  # a Karachi landline: no SMS
        "042 35761234",  # a Lahore landline
        "+44 7700 900123",  # not a number in use (reserved for drama)
        "0300 1234567 ext",
        "call me",
        "+",
    ],
)
def test_what_is_not_a_mobile_number_is_refused(typed):
    with pytest.raises(ValidationError):
        phone_normalise(typed)


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+923001234567", "0300 1234567"),
        ("+447911123456", "+44 7911 123456"),
        ("not a number", "not a number"),
    ],
)
def test_stored_numbers_are_shown_in_the_local_format(stored, shown):
    assert phone_display(stored) == shown


MOBILE_PREFIXES = ["300", "301", "311", "321", "333", "345"]
SEPARATORS = st.sampled_from(["", " ", "-", ".", "  ", " - "])
DIGIT_SCRIPTS = st.sampled_from([None, URDU, ARABIC])


@given(
    prefix=st.sampled_from(MOBILE_PREFIXES),
    subscriber=st.integers(min_value=0, max_value=9_999_999),
    country=st.sampled_from(["0", "", "+92", "0092", "+92 ", "0092 "]),
    separators=st.tuples(SEPARATORS, SEPARATORS),
    scripts=st.lists(DIGIT_SCRIPTS, min_size=14, max_size=14),
)
def test_any_digit_script_and_separator_gives_the_same_number(
    prefix, subscriber, country, separators, scripts
):
    rest = f"{subscriber:07d}"
    typed = country + prefix + separators[0] + rest[:3] + separators[1] + rest[3:]
    # Each character in its own script: people switch keyboards half-way.
    typed = "".join(
        char.translate(script) if script else char
        for char, script in zip(typed, scripts + [None] * len(typed), strict=False)
    )
    assert phone_normalise(typed) == f"+92{prefix}{rest}"


@given(number=st.integers(min_value=0, max_value=10**12), script=DIGIT_SCRIPTS)
def test_digits_in_any_script_read_as_the_same_number(number, script):
    typed = str(number).translate(script) if script else str(number)
    assert ascii_digits(typed) == str(number)


@pytest.mark.django_db
def test_quantities_and_stall_sale_amounts_take_urdu_digits(site_tree):
    from tests.factories import make_group, make_product

    group = make_group("Thar Ralli Cooperative")
    variant = make_product(group, "Ralli quilt", price="4500.00", stock=3).variants.get()

    cart = CartAddForm({"variant": "۱", "quantity": "۲"})
    assert cart.is_valid(), cart.errors
    assert cart.cleaned_data["quantity"] == 2

    sale = StallSaleForm(
        {"token": "0" * 32, "variant": variant.pk, "quantity": "٣", "unit_price": "۱۲۵۰٫۵۰"},
        group=group,
    )
    assert sale.is_valid(), sale.errors
    assert (sale.cleaned_data["quantity"], sale.cleaned_data["unit_price"]) == (
        3,
        Decimal("1250.50"),
    )


def test_quantity_inputs_let_urdu_digits_through():
    # type="number" inputs drop Urdu digits in the browser: a text input with a digit keyboard.
    html = str(CartAddForm()["quantity"])
    assert 'type="text"' in html and 'inputmode="numeric"' in html


def test_postal_code_and_transfer_reference_are_stored_with_ascii_digits():
    form = TransferReferenceForm({"provider": "jazzcash", "reference": "TX۱۲۳۴۵۶"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["reference"] == "TX123456"
    checkout = CheckoutForm(card_enabled=False, collect_enabled=False)
    assert checkout.fields["postal_code"].clean("۵۴۰۰۰") == "54000"


def test_phone_field_asks_for_the_phone_keyboard_and_autofill():
    html = str(CheckoutForm(card_enabled=False, collect_enabled=False)["contact_phone"])
    assert 'type="tel"' in html and 'inputmode="tel"' in html and 'autocomplete="tel"' in html


SAME_ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


def urdu_checkout(client, variant, **changes):
    client.post("/ur/cart/add/", {"variant": variant.pk, "quantity": "۱"}, **SAME_ORIGIN)
    token = client.get("/ur/checkout/").context["form"]["checkout_token"].value()
    data = {
        "checkout_token": token,
        "contact_name": "عائشہ خان",
        "contact_phone": "۰۳۰۰ ۱۲۳۴۵۶۷",
        "fulfilment": "ship",
        "province": "Punjab",
        "city": "لاہور",
        "address_line1": "مکان ۱۲، گلی ۴",
        "postal_code": "۵۴۰۰۰",
        "payment_method": "cod",
        **changes,
    }
    return client.post("/ur/checkout/", data)


@pytest.mark.django_db
def test_urdu_checkout_with_urdu_digits_stores_e164_and_ascii_digits(client, site_tree):
    from tests.factories import make_group, make_product

    variant = make_product(make_group(), "Ralli quilt", stock=3).variants.get()
    response = urdu_checkout(client, variant)
    assert response.status_code == 302
    order = Order.objects.get()
    assert (order.contact_phone, order.postal_code) == ("+923001234567", "54000")
    assert order.sub_orders.get().lines.get().quantity == 1


@pytest.mark.django_db
def test_a_bad_number_gets_an_urdu_error_on_an_urdu_page(client, site_tree):
    from tests.factories import make_group, make_product

    variant = make_product(make_group(), "Ralli quilt", stock=3).variants.get()
    response = urdu_checkout(client, variant, contact_phone="۱۲۳۴۵")
    assert response.status_code == 200 and not Order.objects.exists()
    error = response.context["form"].errors["contact_phone"][0]
    with translation.override("ur"):
        from marketplace.local_input import PHONE_ERROR

        urdu = str(PHONE_ERROR)
    assert error == urdu and "موبائل" in error
    assert urdu in response.content.decode()
