"""A guest buys from two producer groups on a 360 px phone, paying cash on delivery, in each
language, finding everything by its label (roles and labels, no CSS selectors; the only URL
opened by hand is the first product page). Taps and typed fields are counted from the first
product page to the confirmation: at most 12 taps and 4 typed fields (issue 13, item 4).

Tapping into a field to type in it counts as typing, not as a tap; choosing in a drop-down
list counts as two taps (open it, pick the option).
"""

import re
from decimal import Decimal

import pytest
from django.utils import translation

from orders.models import Order
from tests.factories import make_group, make_product

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
MAX_TAPS, MAX_TYPED = 12, 4


class Counted:
    """The buyer's thumb: every tap and every field typed into is counted."""

    def __init__(self, page):
        self.page, self.taps, self.typed = page, [], []

    def tap(self, locator, what: str) -> None:
        locator.click()
        self.taps.append(what)

    def type(self, locator, text: str, what: str) -> None:
        locator.fill(text)
        self.typed.append(what)

    def choose(self, locator, label: str, what: str) -> None:
        locator.select_option(label=label)
        self.taps += [f"{what} (open)", f"{what}: {label}"]


def words(text: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def place_order_name(language: str) -> re.Pattern:
    """The button reads "Place order (Rs …)"; its words without the amount."""
    label = words("Place order (%(total)s)", language)
    literal = max(label.split("%(total)s"), key=len).strip(" ()")
    return re.compile(re.escape(literal))


@pytest.fixture
def two_groups(live_server):
    lahore = make_group("Lahore Embroiderers Union", delivery_charge=Decimal("200.00"))
    thar = make_group(
        "Thar Ralli Cooperative",
        province="Sindh",
        district="Tharparkar",
        delivery_charge=Decimal("300.00"),
    )
    shawl = make_product(lahore, "Phulkari shawl", price="4500.00", stock=5)
    quilt = make_product(thar, "Ralli quilt", price="9999.99", stock=3)
    return {"url": live_server.url, "shawl": shawl, "quilt": quilt}


@pytest.mark.parametrize("language", ["en", "ur"])
def test_guest_buys_from_two_groups_cash_on_delivery_in_12_taps_and_4_fields(
    phone_page, two_groups, language
):
    page, prefix = phone_page, "" if language == "en" else "/ur"
    thumb = Counted(page)
    say = lambda text: words(text, language)  # noqa: E731
    # A field by its label as read out ("Address:", the colon is Django's label suffix)
    field = lambda text: page.get_by_label(re.compile("^" + re.escape(say(text)) + ":?$"))  # noqa: E731

    # The first product page is the only address opened by hand (from a link, a search...).
    page.goto(two_groups["url"] + prefix + two_groups["shawl"].url)
    thumb.tap(page.get_by_role("button", name=say("Add to cart")), "add the shawl")
    page.get_by_role("status").wait_for()

    # To the second group's product through the header's Shop link
    header = page.get_by_role("banner")
    thumb.tap(header.get_by_role("link", name=say("Shop"), exact=True), "shop")
    thumb.tap(page.get_by_role("link", name="Ralli quilt").first, "the quilt")
    thumb.tap(page.get_by_role("button", name=say("Add to cart")), "add the quilt")
    status = page.get_by_role("status")
    thumb.tap(status.get_by_role("link", name=re.compile(re.escape(say("View cart")))), "cart")
    thumb.tap(page.get_by_role("link", name=say("Check out")), "check out")

    # Guest checkout: cash on delivery is already chosen
    assert page.get_by_label(say("Cash on delivery")).is_checked()
    thumb.type(field("Full name"), "Ayesha Khan", "name")
    thumb.type(field("Mobile number"), "0300 1234567", "mobile")
    thumb.choose(field("Province"), say("Punjab"), "province")
    thumb.type(field("District or city"), "Lahore", "city")
    thumb.type(field("Address"), "House 12, Street 4, Model Town", "address")
    page.screenshots(f"checkout-{language}")
    thumb.tap(page.get_by_role("button", name=place_order_name(language)), "place order")

    page.wait_for_url(re.compile(r"/orders/CM-\d{6}/[\w-]+/$"))
    order = Order.objects.get()
    assert order.number in page.get_by_role("heading", level=1).inner_text()
    assert order.sub_orders.count() == 2 and order.payment_method == "cod"
    assert order.contact_phone == "+923001234567" and order.city == "Lahore"
    page.screenshots(f"confirmation-{language}")

    print(f"\n{language}: {len(thumb.taps)} taps {thumb.taps}; typed {thumb.typed}")
    assert len(thumb.taps) <= MAX_TAPS, thumb.taps
    assert len(thumb.typed) <= MAX_TYPED, thumb.typed
    assert page.javascript_errors == []
