"""Checkout and its confirmation on a 360 px phone: the error summary takes the focus and
links to each field; the order page says what happens next and offers its link to keep.

Screenshots land in test-output/screenshots/<test name>/.
"""

import re
from decimal import Decimal

import pytest

from tests.factories import make_group, make_product

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def shawl_shop(live_server):
    lahore = make_group("Lahore Embroiderers Union", delivery_charge=Decimal("200.00"))
    shawl = make_product(lahore, "Phulkari shawl", price="4500.00", stock=5)
    return {"url": live_server.url, "shawl": shawl}


def test_phone_checkout_error_summary_then_a_confirmation_that_says_what_happens_next(
    phone_page, shawl_shop
):
    page, base = phone_page, shawl_shop["url"]
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(base + shawl_shop["shawl"].url)
    page.locator("form.add-to-cart").get_by_role("button", name="Add to cart").click()
    page.wait_for_url(re.compile(re.escape(shawl_shop["shawl"].url) + "$"))
    assert (
        page.locator("header.site-header")
        .get_by_role("link", name=re.compile(r"^Cart ?\(1\)$"))
        .is_visible()
    )
    page.goto(base + "/checkout/")
    form = page.locator("form.checkout-form")
    assert form.get_by_label("Cash on delivery").is_checked()
    # The order summary is folded above the fields: one tap shows what is being bought.
    folded = page.get_by_test_id("summary-phone")
    assert folded.is_visible() and not page.locator(".summary-wide").is_visible()
    assert folded.bounding_box()["y"] < form.get_by_label("Full name").bounding_box()["y"]
    assert not folded.get_by_text("Phulkari shawl").is_visible()
    folded.locator("summary").click()
    assert folded.get_by_text("Phulkari shawl").is_visible()
    page.screenshots("checkout-phone")
    # On a wide screen the summary stands beside the form instead.
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.locator(".summary-wide").is_visible() and not folded.is_visible()
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360

    # Submitting it empty shows the summary first, focused, linking to each field
    form.get_by_role("button", name=re.compile(r"^Place order")).click()
    summary = page.get_by_test_id("error-summary")
    summary.wait_for()
    assert page.evaluate("() => document.activeElement.dataset.testid") == "error-summary"
    page.screenshots("checkout-errors-phone")
    summary.get_by_role("link", name=re.compile(r"^Full name")).click()
    assert page.evaluate("() => document.activeElement.id") == "id_contact_name"
    for name in ("contact_name", "contact_phone", "city", "address_line1"):
        box = page.locator(f"#id_{name}").bounding_box()
        assert box["height"] >= 44, name

    form.get_by_label("Full name").fill("Ayesha Khan")
    form.get_by_label("Mobile number").fill("0300 1234567")
    form.get_by_label("Province").select_option(label="Punjab")
    form.get_by_label("District or city").fill("Lahore")
    form.get_by_label(re.compile(r"^Address")).first.fill("House 12, Street 4, Model Town")
    form.get_by_role("button", name=re.compile(r"^Place order")).click()

    # The confirmation says it is placed, what happens next, and offers its link
    # (the browser keeps the #fragment of the summary link clicked above across the redirect)
    page.wait_for_url(re.compile(r"/orders/CM-\d{6}/[\w-]+/(#\w*)?$"))
    assert "is placed" in page.locator(".messages").inner_text()
    next_steps = page.get_by_test_id("next-steps").inner_text()
    assert "Pay the courier Rs 4,700 in cash when it arrives." in next_steps
    copy = page.get_by_role("button", name=re.compile(r"^(Copy|Share) link$"))
    assert copy.is_visible()
    if copy.inner_text() == "Copy link":
        copy.click()
        page.get_by_text("Link copied").wait_for()
        assert page.evaluate("() => navigator.clipboard.readText()") == page.url.split("#")[0]
    page.screenshots("order-confirmation-phone")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert page.javascript_errors == []
