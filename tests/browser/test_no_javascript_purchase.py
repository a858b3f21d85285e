"""A purchase with JavaScript turned off (an old phone, a data saver, a script that failed to
load): add to cart, the cart, checkout and the confirmation all work as plain HTML forms and
links, and the header shows a plain "Cart" link (issue 13, item 8).
"""

import re
from decimal import Decimal

import pytest

from orders.models import Order
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, SCREENSHOT_DIR
from tests.factories import make_group, make_product

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def no_script_page(browser, request):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, java_script_enabled=False, locale="en-GB"
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    # Not conftest's Screenshots: its scroll through the page is a script, which never ends here.
    folder = SCREENSHOT_DIR / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshots = lambda name: page.screenshot(path=folder / f"{name}.png", full_page=True)
    yield page
    context.close()


def test_purchase_from_two_groups_without_javascript(no_script_page, live_server):
    page, base = no_script_page, live_server.url
    lahore = make_group("Lahore Embroiderers Union", delivery_charge=Decimal("200.00"))
    thar = make_group("Thar Ralli Cooperative", province="Sindh", district="Tharparkar")
    shawl = make_product(lahore, "Phulkari shawl", price="4500.00", stock=5)
    quilt = make_product(thar, "Ralli quilt", price="9999.99", stock=3, variants=2)

    page.goto(base + shawl.url)
    header = page.get_by_role("banner")
    assert header.get_by_role("link", name="Cart", exact=True).is_visible()
    page.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Add to cart").click()
    # A plain redirect back to the product page, with the message
    page.wait_for_url(re.compile(re.escape(shawl.url) + "$"))
    assert "Phulkari shawl is in your cart." in page.get_by_role("status").inner_text()

    page.goto(base + quilt.url)
    page.get_by_label("Variant", exact=True).select_option(index=1)
    page.get_by_role("button", name="Add to cart").click()
    page.get_by_role("status").get_by_role("link", name="View cart").click()
    page.wait_for_url(re.compile(r"/cart/$"))
    assert page.get_by_role("heading", name="Thar Ralli Cooperative").is_visible()
    page.screenshots("cart")

    page.get_by_role("link", name="Check out").click()
    assert page.get_by_label("Cash on delivery").is_checked()
    page.get_by_label("Full name").fill("Ayesha Khan")
    page.get_by_label("Mobile number").fill("0300 1234567")
    page.get_by_label("Province").select_option(label="Punjab")
    page.get_by_label("District or city").fill("Lahore")
    page.get_by_label(re.compile(r"^Address:?$")).fill("House 12, Street 4, Model Town")
    page.get_by_role("button", name=re.compile(r"^Place order")).click()

    page.wait_for_url(re.compile(r"/orders/CM-\d{6}/[\w-]+/$"))
    order = Order.objects.get()
    lines = [line for sub_order in order.sub_orders.all() for line in sub_order.lines.all()]
    assert {line.variant.product_id for line in lines} == {shawl.pk, quilt.pk}
    assert order.sub_orders.count() == 2
    assert "is placed" in page.get_by_role("status").first.inner_text()
    # Without JavaScript the private link is a plain link to itself, not a Copy button
    link = page.get_by_role("link", name="Link to this order")
    assert link.get_attribute("href") == page.url
    page.screenshots("confirmation")
