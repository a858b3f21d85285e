"""Urdu pages load the self-hosted Naskh subset (a small WOFF2, only for Arabic-script
characters); English pages load no font at all. (The year-long cache lifetime is WhiteNoise's,
which the test server does not run: tests/marketplace/test_urdu_font_cache.py.)"""

import re

import pytest

from marketplace.site_setup import site_tree_ensure
from tests.factories import make_group, make_product

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FONT_FILE = re.compile(r"/static/fonts/noto-naskh-urdu-\d+\.[0-9a-f]+\.woff2$")
FONT_BUDGET_BYTES = 30_000  # per weight; the page-weight budget is 500 KB for everything


def requests_of(browser, url: str) -> list:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    loaded = page.evaluate(
        """async () => (await document.fonts.load('16px "Crafts Mela Naskh"', 'اردو'))
            .map(face => face.family)"""
    )
    page.wait_for_load_state("networkidle")
    result = [(response.url, response.status, response.headers) for response in responses]
    context.close()
    return result, loaded


def test_urdu_pages_load_the_naskh_subset_and_english_pages_do_not(browser, live_server):
    site_tree_ensure()
    urdu, loaded = requests_of(browser, live_server.url + "/ur/")
    assert loaded == ['"Crafts Mela Naskh"'] or loaded == ["Crafts Mela Naskh"]
    assert any(url.endswith("/static/css/urdu.css") for url, _status, _headers in urdu)
    fonts = [(url, status, headers) for url, status, headers in urdu if FONT_FILE.search(url)]
    assert fonts, "the Urdu page did not fetch the Naskh subset"
    for url, status, headers in fonts:
        assert status == 200
        assert headers["content-type"] == "font/woff2"
        size = int(headers["content-length"])
        print(f"{url.rsplit('/', 1)[1]}: {size} bytes")
        assert size <= FONT_BUDGET_BYTES

    english, loaded = requests_of(browser, live_server.url + "/")
    assert loaded == []  # no such face on English pages
    fetched = [url for url, _status, _headers in english]
    assert not [url for url in fetched if url.endswith((".woff2", ".woff", "urdu.css"))], fetched


TEXT_BUDGET_BYTES = 60 * 1024  # HTML + CSS + JS, first view
TOTAL_BUDGET_BYTES = 500 * 1024  # everything, first view


def first_view_bytes(browser, url: str) -> dict[str, int]:
    """Bytes on the wire (headers and encoded bodies) per resource type, empty cache."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    totals: dict[str, int] = {}
    for request in finished:
        sizes = request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        totals[request.resource_type] = totals.get(request.resource_type, 0) + size
    context.close()
    return totals


def test_urdu_shop_and_product_pages_keep_the_page_weight_budgets(browser, live_server):
    group = make_group("Lahore Embroiderers Union")
    product = make_product(group, "Phulkari shawl", price="4500.00", stock=5)
    for path in ("/ur/shop/", f"/ur{product.url}"):
        totals = first_view_bytes(browser, live_server.url + path)
        text = sum(totals.get(kind, 0) for kind in ("document", "stylesheet", "script"))
        everything = sum(totals.values())
        print(f"{path}: HTML+CSS+JS {text} bytes, everything {everything} bytes, {totals}")
        assert totals.get("font", 0) > 0  # the Naskh subset is part of the first view
        assert text <= TEXT_BUDGET_BYTES
        assert everything <= TOTAL_BUDGET_BYTES
