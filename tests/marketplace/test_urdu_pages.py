"""Pages under /ur/ show the interface in Urdu from the committed catalogue, not in English."""

import re

import pytest
from django.utils import translation

from tests.factories import make_group, make_product

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def cart_with_a_quilt(client, site_tree):
    group = make_group("Thar Ralli Cooperative")
    variant = make_product(group, "Ralli quilt", price="4500.00", stock=3).variants.get()
    response = client.post("/ur/cart/add/", {"variant": variant.pk, "quantity": 1}, **SAME_ORIGIN)
    assert response.status_code in (200, 302)
    return variant


def assert_urdu_not_english(path: str, text: str, strings: list[str]) -> None:
    with translation.override("ur"):
        urdu = [translation.gettext(english) for english in strings]
    for english, expected in zip(strings, urdu, strict=True):
        assert expected != english, f"{english!r} has no Urdu in the catalogue"
        assert expected in text, f"{path}: {expected!r} (for {english!r}) is missing"
        assert english not in text, f"{path}: {english!r} is shown in English"


def test_urdu_shop_shows_its_interface_in_urdu(client, cart_with_a_quilt):
    text = visible_text(client.get("/ur/shop/").content.decode())
    assert "دستکاریاں" in text
    assert_urdu_not_english(
        "/ur/shop/", text, ["Filter and sort", "Sort by", "In stock only", "Skip to content"]
    )


def test_urdu_cart_shows_its_interface_in_urdu(client, cart_with_a_quilt):
    text = visible_text(client.get("/ur/cart/").content.decode())
    assert_urdu_not_english("/ur/cart/", text, ["Your cart", "Remove", "Check out"])
    assert "Ralli quilt" in text  # content stays as its author wrote it


def test_urdu_checkout_shows_its_interface_and_form_labels_in_urdu(client, cart_with_a_quilt):
    response = client.get("/ur/checkout/")
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert_urdu_not_english(
        "/ur/checkout/", text, ["Your details", "Mobile number", "Cash on delivery"]
    )
    assert "کیش آن ڈیلیوری" in text


def test_english_pages_stay_english(client, cart_with_a_quilt):
    text = visible_text(client.get("/cart/").content.decode())
    assert "Each producer group packs and ships its own part of your order." in text
    assert "ہر پروڈیوسر گروپ" not in text
