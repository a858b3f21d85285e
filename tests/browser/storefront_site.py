"""One small storefront with every buyer-facing page type, for the browser checks that visit
them all (tests/browser/test_phone_pages.py, test_axe.py): two producer groups with long
names, products with photos, a named artisan, a mela with its schedule and stall map, a
buyer account, and an order placed through the real checkout.

`storefront_paths(site)` lists (name, path) for one language; "/ur" is prefixed for Urdu.
"""

import re
from datetime import time, timedelta
from decimal import Decimal

from django.test import Client

from events.models.pages import mela_today
from tests.factories import (
    CraftCategoryFactory,
    UserFactory,
    make_application,
    make_artisan,
    make_group,
    make_mela,
    make_product,
    make_stall,
)

BUYER_PASSWORD = "block-print-on-khaddar-2005"


def storefront_build(base_url: str) -> dict:
    embroidery = CraftCategoryFactory(name="Embroidery", slug="embroidery")
    ralli = CraftCategoryFactory(name="Ralli quilts", slug="ralli-quilts")
    lahore = make_group(
        "Lahore Embroiderers Union",
        province="Punjab",
        district="Lahore",
        delivery_charge=Decimal("200.00"),
    )
    thar = make_group(
        "Thar Ralli Cooperative of Home-Based Women Workers",
        province="Sindh",
        district="Tharparkar",
        delivery_charge=Decimal("300.00"),
    )
    shawl = make_product(
        lahore,
        "Hand-embroidered phulkari shawl with mirror work",
        price="14500.00",
        category=embroidery,
        variants=2,
    )
    make_product(lahore, "Chunri scarf", price="1800.00", category=embroidery)
    quilt = make_product(thar, "Ralli quilt, double bed, appliqué", price="99999.99", stock=30)
    make_product(thar, "Ralli cushion cover", price="2200.00", category=ralli, stock=0)
    artisan = make_artisan(lahore, "Rukhsana Bibi", bio="Thirty years of phulkari.")

    today = mela_today()
    mela = make_mela(
        "Lahore Crafts Mela",
        start=today,
        days=3,
        intro="Three days of crafts by home-based women workers, with workshops and music.",
        entry_information="Free entry. Open 10:00 to 20:00 every day.",
        schedule=[
            {
                "day": today,
                "start_time": time(11, 0),
                "end_time": time(12, 0),
                "title": "Opening of the mela",
                "kind": "cultural",
                "place": "Main stage",
            },
            {
                "day": today + timedelta(days=1),
                "start_time": time(10, 30),
                "end_time": time(12, 0),
                "title": "Ralli quilting workshop",
                "kind": "workshop",
                "place": "Workshop tent",
            },
        ],
    )
    stall = make_stall(mela, "A-1")
    for number, column in (("A-2", 2), ("A-3", 3), ("B-1", 1), ("B-2", 2)):
        make_stall(mela, number, row=1 if number.startswith("A") else 2, column=column)
    make_application(mela, thar, products=[quilt], status="approved", stall=stall)

    buyer = UserFactory(username="ayesha.khan", password=BUYER_PASSWORD)
    return {
        "url": base_url,
        "shawl": shawl,
        "quilt": quilt,
        "group": lahore,
        "artisan": artisan,
        "mela": mela,
        "buyer": buyer,
    }


def order_place_through_checkout(browser, site: dict) -> str:
    """Buys the shawl and the quilt as a guest paying cash on delivery; the order's path."""
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    try:
        for product in (site["shawl"], site["quilt"]):
            page.goto(site["url"] + product.url)
            page.locator("form.add-to-cart button[type=submit]").click()
            page.wait_for_load_state()
        page.goto(site["url"] + "/checkout/")
        form = page.locator("form.checkout-form")
        form.get_by_label("Full name").fill("Ayesha Khan")
        form.get_by_label("Mobile number").fill("0300 1234567")
        form.get_by_label("Province").select_option(label="Punjab")
        form.get_by_label("District or city").fill("Lahore")
        form.get_by_label(re.compile(r"^Address")).first.fill("House 12, Street 4, Model Town")
        form.get_by_role("button", name=re.compile(r"^Place order")).click()
        page.wait_for_url(re.compile(r"/orders/CM-\d{6}/[\w-]+/$"))
        return page.url.removeprefix(site["url"])
    finally:
        context.close()


def session_cookie_for(user, base_url: str) -> dict:
    """A logged-in session for `user`, as a Playwright cookie for the live server."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    return {"name": "sessionid", "value": cookie.value, "url": base_url}


def storefront_paths(site: dict, order_path: str) -> list[tuple[str, str]]:
    """Every storefront page type, anonymous pages first, then the cart and checkout (the
    caller fills the cart before), then the logged-in account pages (caller logs in)."""
    mela = site["mela"].url
    return [
        ("home", "/"),
        ("shop-filtered", "/shop/?category=embroidery&in_stock=on&sort=price"),
        ("search", "/shop/?q=ralli"),
        ("product", site["shawl"].url),
        ("group", site["group"].url),
        ("groups", "/producers/"),
        ("artisan", site["artisan"].url),
        ("artisans", "/artisans/"),
        ("melas", "/melas/"),
        ("impact", "/impact/"),
        ("mela", mela),
        ("schedule", mela + "schedule/"),
        ("stall-map", mela + "stalls/"),
        ("stall", mela + "stalls/A-1/"),
        ("order", order_path),
        ("receipt", order_path + "receipt/"),
        ("login", "/account/login/"),
        ("sign-up", "/account/signup/"),
        ("cart", "/cart/"),
        ("checkout", "/checkout/"),
    ]


ACCOUNT_PATHS = [
    ("account-orders", "/account/"),
    ("account-addresses", "/account/addresses/"),
    ("account-address-new", "/account/addresses/new/"),
]
