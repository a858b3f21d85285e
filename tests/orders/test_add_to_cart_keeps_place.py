"""'Add to cart' sends the buyer back where they were, says so, and keeps the header's count."""

import pytest

from tests.orders.conftest import SAME_ORIGIN

pytestmark = pytest.mark.django_db


def test_add_to_cart_returns_to_the_product_page_with_a_message_and_a_cart_count(
    client, two_groups_catalog
):
    shawl = two_groups_catalog["shawl"]
    product_url = shawl.product.url

    response = client.post(
        "/cart/add/", {"variant": shawl.pk, "quantity": 2, "next": product_url}, **SAME_ORIGIN
    )

    assert response.status_code == 302 and response["Location"] == product_url
    assert response.cookies["cart_items"].value == "2"
    page = client.get(product_url).content.decode()
    assert "Phulkari shawl is in your cart." in page
    assert 'href="/cart/">View cart<bdi data-cart-count></bdi></a>' in page


def test_add_to_cart_returns_to_the_referring_page_without_a_next_field(client, two_groups_catalog):
    response = client.post(
        "/cart/add/",
        {"variant": two_groups_catalog["quilt"].pk, "quantity": 1},
        HTTP_REFERER="http://testserver/shop/?category=ralli-quilts",
    )

    assert response["Location"] == "http://testserver/shop/?category=ralli-quilts"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_add_to_cart_never_sends_the_buyer_to_another_site(client, two_groups_catalog, next_url):
    response = client.post(
        "/cart/add/",
        {"variant": two_groups_catalog["quilt"].pk, "quantity": 1, "next": next_url},
        **SAME_ORIGIN,
    )

    assert response["Location"] == "/cart/"


def test_add_to_cart_from_another_site_is_still_refused(client, two_groups_catalog):
    response = client.post(
        "/cart/add/",
        {"variant": two_groups_catalog["quilt"].pk, "quantity": 1, "next": "/shop/"},
        HTTP_ORIGIN="https://evil.example",
    )

    assert response.status_code == 403
    assert "cart_items" not in response.cookies


def test_a_refused_quantity_returns_to_the_product_page_with_the_reason(client, two_groups_catalog):
    quilt = two_groups_catalog["quilt"]  # 3 in stock
    response = client.post(
        "/cart/add/",
        {"variant": quilt.pk, "quantity": 4, "next": quilt.product.url},
        **SAME_ORIGIN,
    )

    assert response["Location"] == quilt.product.url
    assert "Only 3 left: lower the quantity." in client.get(quilt.product.url).content.decode()


def test_emptying_the_cart_clears_the_count_cookie(client, two_groups_catalog):
    shawl = two_groups_catalog["shawl"]
    client.post("/cart/add/", {"variant": shawl.pk, "quantity": 1}, **SAME_ORIGIN)

    response = client.post("/cart/update/", {"variant": shawl.pk, "quantity": 0})

    assert response.cookies["cart_items"].value == ""


def test_product_pages_stay_cached_with_the_cart_count_filled_by_script(client, two_groups_catalog):
    url = two_groups_catalog["shawl"].product.url
    client.get(url)
    page = client.get(url)

    assert page["X-Page-Cache"] == "hit"
    html = page.content.decode()
    assert f'name="next" value="{url}"' in html
    assert "Cart<bdi data-cart-count></bdi>" in html  # the same plain "Cart" for everyone
