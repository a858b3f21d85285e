"""The checkout page renders a guest's blank form fields once per process (by language and by
the fields offered): what each buyer sees must still be her own page."""

import pytest

from tests.orders.conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


def test_each_language_gets_its_own_blank_form(client, two_groups_catalog):
    add_to_cart(client, two_groups_catalog["shawl"], 1)
    english = client.get("/checkout/").content.decode()
    urdu = client.get("/ur/checkout/").content.decode()
    english_again = client.get("/checkout/").content.decode()

    assert 'name="contact_name"' in english and 'name="contact_name"' in urdu
    assert "Your details" in english and "Your details" not in urdu
    assert english_again.count('name="contact_phone"') == 1
    assert "Your details" in english_again


def test_a_form_with_mistakes_shows_the_buyers_values_and_errors(client, two_groups_catalog):
    add_to_cart(client, two_groups_catalog["shawl"], 1)
    client.get("/checkout/")  # the blank fields are rendered and kept
    data = checkout_data(client, contact_name="Ayesha Bibi", city="")

    page = client.post("/checkout/", data).content.decode()

    assert 'value="Ayesha Bibi"' in page and "Needed for delivery." in page
    blank = client.get("/checkout/").content.decode()
    assert "Ayesha Bibi" not in blank and "Needed for delivery." not in blank


def test_a_signed_in_buyer_gets_her_own_values(client, two_groups_catalog):
    from tests.factories import UserFactory

    user = UserFactory(email="ayesha@example.org")
    client.get("/checkout/")
    add_to_cart(client, two_groups_catalog["shawl"], 1)
    client.force_login(user)
    add_to_cart(client, two_groups_catalog["quilt"], 1)

    page = client.get("/checkout/").content.decode()

    assert 'value="ayesha@example.org"' in page and 'name="save_address"' in page
