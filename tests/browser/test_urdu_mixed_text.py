"""On /ur/ pages every piece of Latin-script text sits in an element marked lang="en" and
isolated (<bdi>, or an element with dir), so a screen reader switches voice and the bidi
algorithm keeps its punctuation and numbers with it. Content is still English (the demo and
test data): titles, descriptions and names must come marked; the interface must be Urdu.

Screenshots (360 px phone) land in test-output/screenshots/test_every_urdu_storefront_page_.../.
"""

import re
from datetime import time, timedelta

import pytest

from events.models.pages import mela_today
from orders.models import Order
from tests.factories import (
    CraftCategoryFactory,
    TechniqueFactory,
    UserFactory,
    make_application,
    make_artisan,
    make_group,
    make_mela,
    make_product,
    make_stall,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Latin text that is not words: SKUs (SKU-12-0, RALLI-QLT-01), URLs and file names, e-mail
# addresses, order numbers (CM-000001). Anything else in Latin letters must be marked.
NOT_WORDS = re.compile(
    r"\b[A-Z0-9]+(?:-[A-Z0-9]+)+\b"  # SKUs, order and stall numbers
    r"|\bhttps?://\S+|\S+@\S+\.\w+|\.ics\b|\b\w+\.(?:xml|txt|svg)\b"
)

UNMARKED_LATIN = """(notWords) => {
    const pattern = new RegExp(notWords, 'g');
    const latin = /[A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F]/;  // not × or ÷
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const element = node.parentElement;
        const text = node.nodeValue.replace(pattern, ' ');
        if (!latin.test(text) || !element) continue;
        if (element.closest('script, style, noscript, template')) continue;
        // Options of a closed <select> have no box, but are read out and shown when it opens.
        const shown = element.closest('select')
            || element.checkVisibility({visibilityProperty: true});
        if (!shown) continue;
        const marked = element.closest('[lang]');
        const isolated = marked && (marked.tagName === 'BDI' || marked.hasAttribute('dir'));
        if (marked && marked.lang.startsWith('en') && isolated) continue;
        found.push(`<${element.tagName.toLowerCase()} class="${element.className}"> `
                   + node.nodeValue.trim().slice(0, 80));
    }
    return found;
}"""


@pytest.fixture
def urdu_storefront(live_server):
    today = mela_today()
    embroidery = CraftCategoryFactory(name="Embroidery", slug="embroidery")
    TechniqueFactory(name="Phulkari stitch", slug="phulkari-stitch")
    group = make_group(
        "Lahore Embroiderers Union",
        tagline="Phulkari by 40 women of Model Town, since 2005.",
        contact_phone="0300 1234567",
    )
    artisan = make_artisan(
        group, "Rukhsana Bibi", crafts="Phulkari", bio="She learnt from her mother."
    )
    shawl = make_product(
        group, "Phulkari shawl (2 m, 300 g)", price="4500.50", stock=5, category=embroidery
    )
    make_product(group, "Chunri scarf", price="1800.00", stock=2, category=embroidery, variants=2)
    mela = make_mela(
        "Lahore Crafts Mela",
        start=today,
        days=2,
        intro="Two days of crafts by home-based women workers.",
        entry_information="Free entry. Open 10:00 to 20:00.",
        schedule=[
            {
                "day": today,
                "start_time": time(11, 0),
                "end_time": time(12, 0),
                "title": "Opening of the mela",
                "kind": "cultural",
                "place": "Main stage",
                "presenters": "HomeNet Pakistan",
            },
            {
                "day": today + timedelta(days=1),
                "start_time": time(10, 30),
                "end_time": time(12, 0),
                "title": "رلی کی کہانی",
                "kind": "talk",
                "place": "Main stage",
            },
        ],
    )
    stall = make_stall(mela, "A-1", zone="Textiles")
    make_application(mela, group, products=[shawl], status="approved", stall=stall)
    UserFactory(username="ayesha", password="block-print-on-khaddar-2005")
    return {
        "url": live_server.url,
        "group": group,
        "artisan": artisan,
        "shawl": shawl,
        "mela": mela,
    }


def unmarked_latin(page, label: str) -> list[str]:
    return [f"{label}: {text}" for text in page.evaluate(UNMARKED_LATIN, NOT_WORDS.pattern)]


def test_every_urdu_storefront_page_marks_its_english(phone_page, urdu_storefront):
    page, base = phone_page, urdu_storefront["url"]
    problems: list[str] = []
    mela_url = "/ur" + urdu_storefront["mela"].url.removeprefix("/ur")
    shawl_url = "/ur" + urdu_storefront["shawl"].url.removeprefix("/ur")

    def visit(path: str, label: str, screenshot: bool = False) -> None:
        response = page.goto(base + path)
        assert response.ok, f"{path}: {response.status}"
        assert page.locator("html").get_attribute("lang") == "ur"
        problems.extend(unmarked_latin(page, label))
        if screenshot:
            page.screenshots(label)

    visit("/ur/", "home", screenshot=True)
    visit("/ur/shop/?province=Punjab&in_stock=on&min_price=1000&sort=price_asc", "shop-filtered")
    visit("/ur/shop/?q=phulkari", "shop-search")
    visit(shawl_url, "product", screenshot=True)
    visit("/ur" + urdu_storefront["group"].url.removeprefix("/ur"), "group")
    visit("/ur" + urdu_storefront["artisan"].url.removeprefix("/ur"), "artisan")
    visit("/ur/artisans/", "artisans")
    visit("/ur/producers/", "producers")
    visit("/ur/melas/", "melas")
    visit(mela_url, "mela")
    visit(mela_url + "schedule/", "schedule")
    visit(mela_url + "stalls/", "stall-map")
    visit(mela_url + "stalls/A-1/", "stall")

    # Account pages, logged out and in
    visit("/ur/account/login/", "login")
    visit("/ur/account/signup/", "sign-up")
    visit("/ur/account/password/reset/", "password-reset")
    page.goto(base + "/ur/account/login/")
    page.locator("input[name=username]").fill("ayesha")
    page.locator("input[name=password]").fill("block-print-on-khaddar-2005")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/ur/account/"))
    visit("/ur/account/orders/", "order-history-empty")
    visit("/ur/account/addresses/new/", "address-form")

    # Cart, checkout (with an error shown), order page, receipt
    page.goto(base + shawl_url)
    page.locator("form.add-to-cart button[type=submit]").click()
    page.wait_for_load_state()
    visit("/ur/cart/", "cart", screenshot=True)
    visit("/ur/checkout/", "checkout", screenshot=True)
    form = page.locator("form.checkout-form")
    form.locator("input[name=contact_name]").fill("عائشہ خان")
    form.locator("input[name=contact_phone]").fill("۱۲۳")
    form.locator("button[type=submit]").last.click()
    page.wait_for_load_state()
    problems.extend(unmarked_latin(page, "checkout-with-errors"))
    form.locator("input[name=contact_phone]").fill("۰۳۰۰ ۱۲۳۴۵۶۷")
    form.locator("select[name=province]").select_option(value="Punjab")
    form.locator("input[name=city]").fill("لاہور")
    form.locator("input[name=address_line1]").fill("مکان ۱۲، گلی ۴، ماڈل ٹاؤن")
    form.locator("input[name=payment_method][value=transfer]").check()
    form.locator("button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/ur/orders/CM-\d{6}/[\w-]+/$"))
    order = Order.objects.get()
    assert order.contact_phone == "+923001234567"
    problems.extend(unmarked_latin(page, "order"))
    page.screenshots("order")
    visit(page.url.removeprefix(base) + "receipt/", "receipt")
    visit("/ur/account/orders/", "order-history")
    visit("/ur/account/addresses/", "addresses")
    assert page.javascript_errors == []
    assert problems == [], 'Latin text outside an element marked lang="en":\n' + "\n".join(problems)
