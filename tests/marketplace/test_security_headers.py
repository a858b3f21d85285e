"""Security headers: the storefront's Content-Security-Policy allows no inline script or
style (pages are cached whole, so a nonce would be shared by everyone), and the pages hold
none; the Wagtail admin gets its own policy; Permissions-Policy and Referrer-Policy are set.
Cached copies carry the same headers. (Chromium's view: tests/browser/test_csp.py.)"""

import re

import pytest
from django.urls import reverse

from orders.models import Order
from tests.factories import make_application, make_group, make_mela, make_product, make_stall
from tests.orders.conftest import SAME_ORIGIN, checkout_data

pytestmark = pytest.mark.django_db

INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", re.I),
    re.compile(r"<style\b", re.I),
    re.compile(r"\sstyle=\"", re.I),
    re.compile(r"\son[a-z]+=\"", re.I),
]


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {part[0]: (part[1] if len(part) > 1 else "") for part in parts}


def storefront_urls(client) -> list[str]:
    group = make_group("Hala Ajrak Cooperative", district="Matiari")
    product = make_product(group, "Ajrak shawl", price="3500", stock=4)
    mela = make_mela()
    stall = make_stall(mela, "A-1", row=1, column=2)
    make_application(mela, group, status="approved", stall=stall)
    client.post("/cart/add/", {"variant": product.variants.get().pk, "quantity": 1}, **SAME_ORIGIN)
    client.post("/checkout/", checkout_data(client))
    order = Order.objects.get()
    return [
        "/",
        "/shop/",
        product.url,
        group.url,
        mela.url,
        f"{mela.url}stalls/",
        "/cart/",
        order.get_absolute_url(),
        reverse("order_receipt", args=[order.number, order.access_token]),
    ]


def test_storefront_pages_have_a_policy_without_unsafe_inline_and_no_inline_code(client, site_tree):
    urls = storefront_urls(client)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response["Content-Security-Policy"])
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'", url
        assert policy["object-src"] == "'none'" and policy["base-uri"] == "'self'", url
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "camera=()" in response["Permissions-Policy"]
        body = response.content.decode()
        for pattern in INLINE:
            assert not pattern.search(body), (url, pattern.pattern, pattern.search(body))


def test_checkout_page_has_no_inline_code(client, site_tree):
    product = make_product(make_group(), "Khussa pair", price="2400", stock=3)
    client.post("/cart/add/", {"variant": product.variants.get().pk, "quantity": 1}, **SAME_ORIGIN)
    response = client.get("/checkout/")
    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    for pattern in INLINE:
        assert not pattern.search(response.content.decode()), pattern.pattern


def test_cached_pages_carry_the_headers(client, site_tree):
    assert client.get("/shop/")["X-Page-Cache"] == "miss"
    hit = client.get("/shop/")
    assert hit["X-Page-Cache"] == "hit"
    assert "script-src 'self'" in hit["Content-Security-Policy"]
    assert "Permissions-Policy" in hit


def test_the_admin_has_its_own_policy(admin_client, site_tree):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    # Wagtail's own widgets (date pickers, inline panels) still use inline script and style.
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'self'"
    assert policy["frame-ancestors"] == "'self'"
    assert "Permissions-Policy" in response
