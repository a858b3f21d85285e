"""The checkout form: required fields marked, cash on delivery chosen, the right keyboards,
an error summary that links to the fields, no repeated headings."""

import re

import pytest

from tests.orders.conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def checkout_page(client, two_groups_catalog):
    add_to_cart(client, two_groups_catalog["shawl"])
    return client.get("/checkout/").content.decode()


def input_tag(html: str, name: str) -> str:
    return re.search(rf'<(?:input|select)[^>]*name="{name}"[^>]*>', html).group(0)


def test_cash_on_delivery_is_chosen_by_default(checkout_page):
    assert re.search(r'<input[^>]*value="cod"[^>]*checked', checkout_page)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("contact_name", ['autocomplete="name"', 'aria-required="true"']),
        ("contact_phone", ['type="tel"', 'autocomplete="tel"', 'inputmode="tel"']),
        ("contact_email", ['type="email"', 'autocomplete="email"']),
        ("province", ['autocomplete="address-level1"', 'aria-required="true"']),
        ("city", ['autocomplete="address-level2"', 'aria-required="true"']),
        ("address_line1", ['autocomplete="address-line1"', 'aria-required="true"']),
        ("postal_code", ['autocomplete="postal-code"', 'inputmode="numeric"']),
    ],
)
def test_fields_bring_the_right_keyboard_and_autofill(checkout_page, name, expected):
    tag = input_tag(checkout_page, name)
    for attribute in expected:
        assert attribute in tag, (name, tag)


def test_required_fields_are_marked_and_explained(checkout_page):
    assert "Fields marked * are required." in checkout_page
    marked = re.findall(r'class="field required">\s*<label for="id_(\w+)"', checkout_page)
    assert set(marked) == {"contact_name", "contact_phone", "province", "city", "address_line1"}


def test_delivery_and_payment_are_named_once(checkout_page):
    assert checkout_page.count(">Delivery<") == 1  # the legend, not the legend and a label
    assert checkout_page.count(">Payment<") == 1


def test_empty_form_shows_an_error_summary_linking_to_each_field(client, checkout_page):
    data = checkout_data(client, contact_name="", contact_phone="", city="", payment_method="")

    html = client.post("/checkout/", data).content.decode()

    summary = html.split('data-testid="error-summary"')[1].split("</div>")[0]
    assert html.index('data-testid="error-summary"') < html.index('name="contact_name"')
    assert "There is a problem" in summary
    links = re.findall(r'<a href="#(\w+)">', summary)
    assert links == ["id_contact_name", "id_contact_phone", "id_city", "id_payment_method_0"]
    for target in links:
        assert f'id="{target}"' in html
