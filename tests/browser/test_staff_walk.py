"""A producer group's staff member, on a phone and on a laptop, adds a product from the
dashboard panel: text and a photo, then two variants with price and stock, then submits it
for moderation, by clicking labels and buttons only (the one URL typed is the admin's). The
first save goes over a slow network.

Screenshots land in test-output/screenshots/<test name>/.
"""

import contextlib
import re

import pytest

from catalog.models import ProductPage
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, Screenshots
from tests.factories import CraftCategoryFactory, make_group, make_staff, png_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "stitch-and-sell-2026"


@pytest.fixture
def staff_member(live_server):
    group = make_group("Multan Khussa Makers")
    staff = make_staff(group, username="shazia")
    staff.set_password(PASSWORD)
    staff.save()
    CraftCategoryFactory(name="Khussa shoes", slug="khussa")
    return {"url": live_server.url, "group": group}


class SlowReplies:
    """Phone data at its worst: the site has done what a background request (the editor's
    autosave, any script's POST) asked, but the answer has not reached the phone yet.

    Wagtail 8's editor autosaved a new product in the background as soon as its form was
    valid (when the photo got alt text); until the answer came back, the form still pointed at
    "add", and a Save tapped in that time made a second page with the same slug and answered
    with an error (marketplace/settings.py, WAGTAIL_AUTOSAVE_INTERVAL).
    """

    def __init__(self, page):
        self.page = page
        self.held: list = []
        self.failures: list[str] = []
        self.delivering = False
        page.route("**/*", self._hold_background_posts)

    def _hold_background_posts(self, route):
        # Imported here: playwright is optional outside CI (conftest's playwright_instance).
        from playwright.sync_api import Error as PlaywrightError

        request = route.request
        background_post = request.method == "POST" and request.resource_type in {"fetch", "xhr"}
        if self.delivering or not background_post:
            route.continue_()
            return
        try:
            self.held.append((route, route.fetch()))  # the site has answered; the phone waits
        except PlaywrightError as error:
            self.failures.append(f"{request.url}: {error}")
            with contextlib.suppress(PlaywrightError):  # (the page may have gone)
                route.abort()

    def wait_for_one(self, timeout_ms: int = 3_000) -> None:
        """Gives a background save the time to be made (there is none with autosave off)."""
        for _ in range(timeout_ms // 100):
            if self.held:
                return
            self.page.wait_for_timeout(100)

    def deliver(self) -> None:
        from playwright.sync_api import Error as PlaywrightError

        self.delivering = True  # (a request arriving now goes straight through)
        while self.held:
            route, response = self.held.pop(0)
            with contextlib.suppress(PlaywrightError):  # the page may have left already
                route.fulfill(response=response)
        self.page.unroute("**/*")
        assert self.failures == []


@pytest.mark.parametrize("width", [360, 1280])
def test_staff_add_a_product_with_two_variants_and_a_photo(
    browser, staff_member, tmp_path, request, width
):
    context = browser.new_context(
        viewport={"width": width, "height": 740 if width == 360 else 900},
        is_mobile=width == 360,
        has_touch=width == 360,
        locale="en-GB",
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    shot = Screenshots(page, request.node.name)
    photo = tmp_path / "khussa.png"
    photo.write_bytes(png_bytes(400, 300))

    page.goto(staff_member["url"] + "/admin/")
    page.get_by_label("Username").fill("shazia")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    shot("dashboard")
    assert "Crafts Mela" in page.locator("h1").inner_text()

    page.get_by_role("link", name="Add a product").click()
    page.get_by_role("textbox", name=re.compile(r"^Title")).fill("Embroidered khussa")
    page.locator("[data-contentpath=description] [contenteditable=true]").click()
    page.keyboard.type("Hand-embroidered leather khussa, stitched in Multan.")
    page.get_by_role("button", name="Choose craft category").click()
    page.locator(".modal-dialog").get_by_role("link", name="Khussa shoes").click()
    page.locator(".modal-dialog").wait_for(state="hidden")
    page.get_by_role("button", name="Choose an image").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("tab", name="Upload").click()
    modal.locator("input[type=file]").set_input_files(str(photo))
    modal.get_by_role("textbox", name=re.compile(r"^Title")).fill("Khussa, front")
    modal.get_by_role("button", name="Upload").click()
    page.locator(".modal-dialog").wait_for(state="hidden")
    alt_text = page.get_by_role("textbox", name=re.compile(r"^Alternative text"))
    shot("product-form")
    slow_replies = SlowReplies(page)
    alt_text.fill("A pair of red embroidered khussas")
    slow_replies.wait_for_one()
    try:
        page.get_by_role("button", name="Save draft").click()
        page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    finally:
        slow_replies.deliver()  # (and reports a background request that failed)

    page.get_by_role("link", name="Add prices and stock").click()
    rows = page.locator("tr.variant-new")
    for index, (label, price, stock) in enumerate(
        [("Size 37", "3200", "4"), ("Size 39", "3400", "2")]
    ):
        row = rows.nth(index)
        row.locator("input[name$=-label]").fill(label)
        row.locator("input[name$=-price]").fill(price)
        row.locator("input[name$=-stock]").fill(stock)
    shot("stock-screen")
    page.get_by_role("button", name="Save variants and stock").click()
    page.get_by_text("Variants and stock saved.").wait_for()

    page.get_by_role("link", name="Back to the product").click()
    panel = page.get_by_test_id("variants-panel")
    assert "EMBROIDERED-KHUSSA-01" in panel.inner_text()
    assert "3400.00" in panel.inner_text()
    panel.scroll_into_view_if_needed()
    shot("product-with-variants")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile("Submit to")).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    shot("submitted")

    if width == 360:  # the admin menu is folded away on a phone
        page.get_by_role("button", name="Toggle sidebar").click()
    page.get_by_role("link", name="Dashboard").click()
    assert "Embroidered khussa" in page.get_by_test_id("awaiting-moderation").inner_text()
    shot("dashboard-after")
    context.close()

    product = ProductPage.objects.get(title="Embroidered khussa")
    assert product.producer_group_id == staff_member["group"].pk
    assert not product.live
    assert product.current_workflow_state is not None
    assert product.gallery_images.count() == 1
    assert list(product.variants.values_list("sku", "price", "stock")) == [
        ("EMBROIDERED-KHUSSA-01", 3200, 4),
        ("EMBROIDERED-KHUSSA-02", 3400, 2),
    ]
