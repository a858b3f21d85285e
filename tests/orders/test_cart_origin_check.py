"""The add-to-cart form has no CSRF token (it sits on cached pages); orders/checkout/origin.py
refuses a POST unless the browser says it came from this site. These are the cases that decision
rests on: a `null` Origin (sandboxed frames, some redirects), no Origin with a foreign
Referer, and no headers at all are refused; the site's own Origin or Referer are accepted."""

import pytest

pytestmark = pytest.mark.django_db


def post_add(client, variant, **headers):
    return client.post("/cart/add/", {"variant": variant.pk, "quantity": 1}, **headers)


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "null", "HTTP_REFERER": "http://testserver/shop/"},
        {"HTTP_REFERER": "https://evil.example/shop/"},
        {"HTTP_REFERER": "http://testserver.evil.example/"},
        {"HTTP_ORIGIN": "https://testserver"},  # another scheme is another origin
        {},
    ],
    ids=["null-origin", "null-origin-own-referer", "foreign-referer", "lookalike", "https", "none"],
)
def test_add_to_cart_from_anywhere_else_is_refused(client, two_groups_catalog, headers):
    response = post_add(client, two_groups_catalog["shawl"], **headers)
    assert response.status_code == 403
    assert client.session.get("cart", {}) == {}


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_ORIGIN": "http://testserver"}, {"HTTP_REFERER": "http://testserver/shop/"}],
    ids=["own-origin", "own-referer-without-origin"],
)
def test_add_to_cart_from_this_site_is_accepted(client, two_groups_catalog, headers):
    response = post_add(client, two_groups_catalog["shawl"], **headers)
    assert response.status_code == 302
    assert client.session["cart"] == {str(two_groups_catalog["shawl"].pk): 1}
