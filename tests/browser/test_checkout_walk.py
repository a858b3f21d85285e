"""A new buyer's first order in a real browser: sign up, shop from two producer groups, pay
cash on delivery, see the confirmation split into two parcels, then find it in the account.

Screenshots land in test-output/screenshots/<test name>/.
"""

import re
from decimal import Decimal

import pytest

from orders.models import Order, SavedAddress
from tests.factories import CraftCategoryFactory, make_group, make_product

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "block-print-on-khaddar-2005"


@pytest.fixture
def two_group_shop(live_server):
    embroidery = CraftCategoryFactory(name="Embroidery", slug="embroidery")
    ralli = CraftCategoryFactory(name="Ralli quilts", slug="ralli-quilts")
    lahore = make_group("Lahore Embroiderers Union", delivery_charge=Decimal("200.00"))
    thar = make_group(
        "Thar Ralli Cooperative",
        province="Sindh",
        district="Tharparkar",
        commission_rate=Decimal("12.50"),
        delivery_charge=Decimal("300.00"),
    )
    shawl = make_product(lahore, "Phulkari shawl", price="4500.00", stock=5, category=embroidery)
    quilt = make_product(thar, "Ralli quilt", price="9999.99", stock=3, category=ralli)
    return {"url": live_server.url, "shawl": shawl, "quilt": quilt}


def add_to_cart_from_product_page(page, base_url: str, product) -> None:
    page.goto(base_url + product.url)
    page.locator("form.add-to-cart").get_by_role("button", name="Add to cart").first.click()
    # The buyer stays on the product page, told the product is in the cart ...
    page.wait_for_url(re.compile(re.escape(product.url) + "$"))
    assert f"{product.title} is in your cart." in page.locator(".messages").inner_text()
    # ... and goes on to the cart from the message's link, which shows how many items it has.
    page.locator(".messages").get_by_role("link", name=re.compile(r"^View cart ?\(\d+\)$")).click()
    page.wait_for_url(re.compile(r"/cart/$"))


def test_new_buyer_checks_out_two_groups_with_cash_on_delivery(page, screenshot, two_group_shop):
    base = two_group_shop["url"]

    # Given a new buyer who creates an account from the header's "Account" link
    page.goto(base + "/")
    page.locator("header.site-header").get_by_role("link", name="Account", exact=True).click()
    page.wait_for_url(re.compile(r"/account/login/"))
    screenshot("login")
    page.get_by_role("link", name="Create an account").click()
    page.wait_for_url(re.compile(r"/account/signup/"))
    page.get_by_label("Username").fill("ayesha.khan")
    page.get_by_label("Email (optional)").fill("ayesha@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    screenshot("sign-up")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/account/orders/$"))
    assert page.get_by_text("You have not placed an order with this account yet.").is_visible()
    screenshot("no-orders-yet")

    # When she adds one product of each of two producer groups to her cart
    add_to_cart_from_product_page(page, base, two_group_shop["shawl"])
    add_to_cart_from_product_page(page, base, two_group_shop["quilt"])
    groups = page.locator(".cart-group h2").all_inner_texts()
    assert groups == ["Lahore Embroiderers Union", "Thar Ralli Cooperative"]
    screenshot("cart-two-groups")

    # And checks out with cash on delivery, keeping the address for next time
    page.get_by_role("link", name="Check out").click()
    page.wait_for_url(re.compile(r"/checkout/$"))
    form = page.locator("form.checkout-form")
    form.get_by_label("Full name").fill("Ayesha Khan")
    form.get_by_label("Mobile number").fill("0300 1234567")
    assert form.get_by_label("Email (optional)").input_value() == "ayesha@example.org"
    form.get_by_label("Province").select_option(label="Punjab")
    form.get_by_label("District or city").fill("Lahore")
    form.get_by_label(re.compile(r"^Address:?$")).fill("House 12, Street 4, Model Town")
    form.get_by_label("Cash on delivery").check()
    assert form.get_by_label("Save this address in my account").is_checked()
    screenshot("checkout")
    form.get_by_role("button", name=re.compile(r"^Place order")).click()

    # Then she sees the confirmation: one order in two parcels, paid on delivery
    page.wait_for_url(re.compile(r"/orders/CM-\d{6}/[\w-]+/$"))
    assert page.get_by_test_id("order-status").inner_text() == "Cash on delivery"
    sub_orders = page.get_by_test_id("sub-order")
    assert sub_orders.count() == 2
    names = " ".join(sub_orders.all_inner_texts())
    assert "Lahore Embroiderers Union" in names and "Thar Ralli Cooperative" in names
    assert page.get_by_role("heading", name="2 parcels").is_visible()
    assert "Rs 14,999.99" in page.locator(".totals").inner_text()
    screenshot("order-confirmation")

    # And the order is in her account, with the address saved
    order = Order.objects.get()
    assert order.buyer.username == "ayesha.khan" and order.sub_orders.count() == 2
    page.locator("header.site-header").get_by_role("link", name="Account", exact=True).click()
    page.wait_for_url(re.compile(r"/account/orders/$"))
    assert page.get_by_test_id("order-history").get_by_text(order.number).is_visible()
    screenshot("order-history")
    page.get_by_role("link", name="Saved addresses").click()
    assert page.get_by_test_id("saved-address").count() == 1
    assert SavedAddress.objects.get().city == "Lahore"
    screenshot("saved-addresses")

    # And her next checkout starts from the saved address
    add_to_cart_from_product_page(page, base, two_group_shop["shawl"])
    page.get_by_role("link", name="Check out").click()
    page.wait_for_url(re.compile(r"/checkout/$"))
    assert page.get_by_test_id("saved-addresses").get_by_role("link", name="Lahore").is_visible()
    assert form.get_by_label(re.compile(r"^Address:?$")).input_value() == (
        "House 12, Street 4, Model Town"
    )
    assert form.get_by_label("Mobile number").input_value() == "0300 1234567"  # stored E.164
    screenshot("second-checkout-prefilled")

    assert page.javascript_errors == []


def test_account_pages_fit_a_phone_screen(phone_page, two_group_shop):
    for path in ("/account/login/", "/account/signup/"):
        phone_page.goto(two_group_shop["url"] + path)
        phone_page.screenshots(path.strip("/").replace("/", "-") + "-phone")
        overflow = phone_page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{path} scrolls sideways on a phone"
