"""A buyer's walk through the storefront in a real browser: home, shop, filter, product page.

Screenshots land in test-output/screenshots/test_buyer_filters_the_shop_and_sees_the_group_share/.
"""

import re
from decimal import Decimal

import pytest

from tests.factories import CraftCategoryFactory, make_group, make_product

pytestmark = [
    pytest.mark.browser,
    # live_server runs in another thread: the data must be committed, and the tree Wagtail's
    # migrations create (root page, default site) restored for the next transactional test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def storefront(live_server):
    """Two producer groups in different provinces, four products in three crafts."""
    embroidery = CraftCategoryFactory(name="Embroidery", slug="embroidery")
    ralli = CraftCategoryFactory(name="Ralli quilts", slug="ralli-quilts")
    chunri = CraftCategoryFactory(name="Chunri and bandhani", slug="chunri-and-bandhani")
    lahore = make_group(
        "Lahore Embroiderers Union",
        province="Punjab",
        district="Lahore",
        commission_rate=Decimal("10.00"),
    )
    hyderabad = make_group(
        "Hyderabad Ralli Makers",
        province="Sindh",
        district="Hyderabad",
        commission_rate=Decimal("12.50"),
    )
    products = {
        "phulkari": make_product(lahore, "Phulkari dupatta", price="4500.00", category=embroidery),
        "chunri": make_product(lahore, "Chunri scarf", price="1800.00", category=chunri),
        "quilt": make_product(hyderabad, "Ralli quilt", price="12500.00", category=ralli),
        "cushion": make_product(hyderabad, "Ralli cushion cover", price="2200.00", category=ralli),
    }
    return {"url": live_server.url, "groups": (lahore, hyderabad), "products": products}


def card_titles(page) -> list[str]:
    return sorted(page.locator(".results .card-title").all_inner_texts())


def assert_images_loaded(page, selector: str) -> None:
    images = page.locator(selector)
    assert images.count() > 0, f"no images match {selector}"
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        loaded = image.evaluate("img => img.complete && img.naturalWidth > 0")
        assert loaded, f"image {image.get_attribute('src')} did not load"


def test_buyer_filters_the_shop_and_sees_the_group_share(page, screenshot, storefront):
    # Given the home page
    page.goto(storefront["url"] + "/")
    assert page.locator("h1").first.is_visible()
    assert page.locator("main .product-card").count() == 4
    screenshot("home")

    # When the buyer opens the shop from the main navigation
    page.locator("header.site-header nav").get_by_role("link", name="Shop", exact=True).click()
    page.wait_for_url(re.compile(r"/shop/$"))
    assert page.locator(".results .count").inner_text() == "4 products"
    assert card_titles(page) == [
        "Chunri scarf",
        "Phulkari dupatta",
        "Ralli cushion cover",
        "Ralli quilt",
    ]
    assert_images_loaded(page, ".results .product-card img")
    screenshot("shop")

    # And narrows it to one craft with the filter form
    filters = page.locator("form.filters")
    filters.get_by_label("Craft").select_option(label="Ralli quilts")
    filters.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"category=ralli-quilts"))
    assert page.locator(".results .count").inner_text() == "2 products"
    assert card_titles(page) == ["Ralli cushion cover", "Ralli quilt"]
    assert filters.get_by_label("Craft").input_value() == "ralli-quilts"
    screenshot("shop-ralli-quilts")

    # And then to one producer group across all crafts
    filters.get_by_label("Craft").select_option(value="")
    filters.get_by_label("Producer group").select_option(label="Lahore Embroiderers Union")
    filters.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"group=lahore-embroiderers-union"))
    assert card_titles(page) == ["Chunri scarf", "Phulkari dupatta"]
    screenshot("shop-lahore-group")

    # Then the product page shows the price and how much of it reaches the group
    page.locator(".results .product-card a", has_text="Phulkari dupatta").click()
    page.wait_for_url(re.compile(r"/phulkari-dupatta/$"))
    assert page.locator("h1").inner_text() == "Phulkari dupatta"
    price = page.get_by_test_id("price")
    share = page.get_by_test_id("group-share")
    assert price.is_visible() and share.is_visible()
    assert price.inner_text() == "Rs 4,500"
    share_text = " ".join(share.inner_text().split())
    assert "Rs 4,050 (90%) of this price goes to Lahore Embroiderers Union." in share_text
    assert "The platform keeps Rs 450 (10%)" in share_text
    assert_images_loaded(page, ".gallery img")
    screenshot("product-phulkari")

    # And another group's commission rate is applied to its own products
    page.goto(storefront["url"] + storefront["products"]["quilt"].url)
    assert page.get_by_test_id("price").inner_text() == "Rs 12,500"
    share_text = " ".join(page.get_by_test_id("group-share").inner_text().split())
    assert re.search(
        r"Rs 10,937\.50 \(87\.50?%\) of this price goes to Hyderabad Ralli Makers\.", share_text
    ), share_text
    screenshot("product-ralli-quilt")

    assert page.javascript_errors == []


def horizontal_overflow(page) -> int:
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_shop_and_product_page_fit_a_phone_screen(phone_page, storefront):
    """Most buyers are on phones: nothing scrolls sideways and the group's share is on screen."""
    phone_page.goto(storefront["url"] + "/shop/")
    phone_page.screenshots("shop-phone")
    assert horizontal_overflow(phone_page) <= 1, "the shop scrolls sideways on a phone"

    phone_page.goto(storefront["url"] + storefront["products"]["phulkari"].url)
    phone_page.screenshots("product-phone")
    assert phone_page.get_by_test_id("group-share").is_visible()
    assert horizontal_overflow(phone_page) <= 1, "the product page scrolls sideways on a phone"
    assert phone_page.javascript_errors == []
