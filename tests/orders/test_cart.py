"""The cart: live stock checks, clear messages, bad quantities refused, kept across login."""

import pytest

from tests.factories import UserFactory
from tests.orders.conftest import SAME_ORIGIN, add_to_cart

pytestmark = pytest.mark.django_db


def cart_quantities(client):
    return {int(key): value for key, value in (client.session.get("cart") or {}).items()}


def test_add_change_and_remove(client, two_groups_catalog):
    shawl, quilt = two_groups_catalog["shawl"], two_groups_catalog["quilt"]
    add_to_cart(client, shawl, 2)
    add_to_cart(client, quilt)
    assert cart_quantities(client) == {shawl.pk: 2, quilt.pk: 1}

    client.post("/cart/update/", {"variant": shawl.pk, "quantity": 4})
    client.post("/cart/update/", {"variant": quilt.pk, "quantity": 0})
    assert cart_quantities(client) == {shawl.pk: 4}

    html = client.get("/cart/").content.decode()
    assert "Lahore Embroiderers Union" in html
    assert "Rs 18,000" in html  # 4 × 4,500
    assert "Rs 200" in html  # the group's delivery charge


def test_cart_page_groups_lines_by_producer_group(client, two_groups_catalog):
    add_to_cart(client, two_groups_catalog["shawl"])
    add_to_cart(client, two_groups_catalog["quilt"])
    groups = client.get("/cart/").context["groups"]
    assert [group.producer_group.title for group in groups] == [
        "Lahore Embroiderers Union",
        "Thar Ralli Cooperative",
    ]


@pytest.mark.parametrize("quantity", ["0", "-1", "100", "99999999999999999999", "abc", "", "1.5"])
def test_bad_quantities_are_refused_with_a_message(client, two_groups_catalog, quantity):
    response = client.post(
        "/cart/add/",
        {"variant": two_groups_catalog["shawl"].pk, "quantity": quantity},
        follow=True,
        **SAME_ORIGIN,
    )
    assert response.status_code == 200
    assert "Choose a quantity between 1 and 99." in response.content.decode()
    assert cart_quantities(client) == {}


def test_quantity_above_stock_is_refused(client, two_groups_catalog):
    response = add_to_cart(client, two_groups_catalog["quilt"], 4)
    assert response.status_code == 302
    html = client.get("/cart/").content.decode()
    assert "Only 3 left: lower the quantity." in html
    assert cart_quantities(client) == {}


def test_unknown_variant_and_out_of_stock(client, two_groups_catalog):
    from catalog.models import ProductVariant

    add_to_cart(client, type("Missing", (), {"pk": 999999})())
    assert "This item does not exist." in client.get("/cart/").content.decode()
    ProductVariant.objects.filter(pk=two_groups_catalog["quilt"].pk).update(stock=0)
    add_to_cart(client, two_groups_catalog["quilt"])
    assert "Out of stock." in client.get("/cart/").content.decode()
    assert cart_quantities(client) == {}


def test_add_to_cart_from_another_site_is_refused(client, two_groups_catalog):
    variant = two_groups_catalog["shawl"]
    response = client.post(
        "/cart/add/", {"variant": variant.pk, "quantity": 1}, HTTP_ORIGIN="https://evil.example"
    )
    assert response.status_code == 403
    response = client.post("/cart/add/", {"variant": variant.pk, "quantity": 1})  # no Origin
    assert response.status_code == 403
    assert cart_quantities(client) == {}


def test_other_cart_forms_need_the_csrf_token(two_groups_catalog):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/cart/update/", {"variant": two_groups_catalog["shawl"].pk, "quantity": 1}
    )
    assert response.status_code == 403


def test_cart_is_kept_when_the_buyer_logs_in(client, two_groups_catalog):
    buyer = UserFactory(username="ayesha")
    add_to_cart(client, two_groups_catalog["shawl"], 2)
    client.post("/account/login/", {"username": "ayesha", "password": "correct horse battery"})
    assert cart_quantities(client) == {two_groups_catalog["shawl"].pk: 2}
    assert client.session["_auth_user_id"] == str(buyer.pk)


def test_product_page_add_to_cart_form_works_and_page_stays_cached(client, two_groups_catalog):
    product = two_groups_catalog["shawl"].product
    client.get(product.url)
    page = client.get(product.url)
    assert page["X-Page-Cache"] == "hit"
    assert 'action="/cart/add/"' in page.content.decode()
    response = add_to_cart(client, two_groups_catalog["shawl"])
    assert response["Location"] == "/cart/"
