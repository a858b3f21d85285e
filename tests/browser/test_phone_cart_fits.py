"""The cart on a 360 px phone, in English and in Urdu: no sideways scrolling, every column on
screen, product names wrapping as text rather than one word per line.

Screenshots land in test-output/screenshots/<test name>/.
"""

from decimal import Decimal

import pytest

from tests.factories import make_group, make_product

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PHONE_WIDTH = 360


@pytest.fixture
def cart_with_long_names(live_server):
    lahore = make_group("Lahore Embroiderers Union", delivery_charge=Decimal("200.00"))
    thar = make_group(
        "Thar Ralli Cooperative of Home-Based Women Workers",
        province="Sindh",
        district="Tharparkar",
        delivery_charge=Decimal("300.00"),
    )
    shawl = make_product(
        lahore, "Hand-embroidered phulkari shawl with mirror work", price="14500.00", stock=5
    )
    quilt = make_product(thar, "Ralli quilt, double bed, appliqué", price="99999.99", stock=30)
    return {"url": live_server.url, "products": (shawl, quilt)}


def add_from_product_page(page, base_url: str, product, quantity: int = 1) -> None:
    page.goto(base_url + product.url)
    form = page.locator("form.add-to-cart")
    form.get_by_label("Quantity").fill(str(quantity))
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def overflow_of(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


@pytest.mark.parametrize("language_prefix", ["", "/ur"])
def test_cart_fits_a_360_px_phone_in_both_languages(
    phone_page, cart_with_long_names, language_prefix
):
    base = cart_with_long_names["url"]
    shawl, quilt = cart_with_long_names["products"]
    add_from_product_page(phone_page, base, shawl)
    add_from_product_page(phone_page, base, quilt, quantity=12)

    phone_page.goto(base + language_prefix + "/cart/")
    assert phone_page.locator(".cart-group").count() == 2
    phone_page.screenshots("cart-phone" + language_prefix.replace("/", "-"))

    assert overflow_of(phone_page) <= PHONE_WIDTH
    # Every line total is on screen (in Urdu it was off the left edge).
    totals = phone_page.locator(".cart-lines .line-total")
    assert totals.count() == 2
    for index in range(totals.count()):
        box = totals.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
    # A long product name takes at most three lines, not one word per line.
    name = phone_page.locator(".cart-lines .line-name a").first
    line_height = name.evaluate("a => parseFloat(getComputedStyle(a).lineHeight)")
    assert name.bounding_box()["height"] <= 3 * line_height + 1
    assert phone_page.javascript_errors == []


@pytest.fixture
def shop_of_six(live_server):
    group = make_group("Lahore Embroiderers Union")
    for number in range(6):
        make_product(group, f"Phulkari dupatta number {number + 1}", price="4500.00", stock=3)
    return live_server.url


@pytest.mark.parametrize("language_prefix", ["", "/ur"])
def test_shop_shows_two_cards_a_row_and_the_first_product_on_the_first_screen(
    phone_page, shop_of_six, language_prefix
):
    phone_page.goto(shop_of_six + language_prefix + "/shop/")
    phone_page.screenshots("shop-phone" + language_prefix.replace("/", "-"))

    assert overflow_of(phone_page) <= PHONE_WIDTH
    header = phone_page.locator("header.site-header").bounding_box()
    assert header["height"] <= 0.15 * 740, "the header takes more than 15 % of the first screen"
    cards = phone_page.locator(".results .product-card")
    first, second, third = (cards.nth(index).bounding_box() for index in range(3))
    assert first["y"] == second["y"] and third["y"] > first["y"], "not two cards a row"
    assert 0.4 * PHONE_WIDTH <= first["width"] <= 0.5 * PHONE_WIDTH
    first_image = phone_page.locator(".results .product-card img").first.bounding_box()
    assert first_image["y"] + first_image["height"] <= 740, "the first photo is below the fold"
    assert phone_page.javascript_errors == []
