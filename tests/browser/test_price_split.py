"""The whole price split on a product page: drawn without JavaScript, no CSP violation, in
English and in Urdu (right to left), with the fair-wage label; screenshots to look at."""

import datetime
from decimal import Decimal

import pytest

from catalog.models import MinimumWage
from tests.factories import make_group, make_product
from tests.makers.support import add_makers

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def product(live_server):
    group = make_group("Lahore Embroiderers Union", province="Punjab")
    shawl = make_product(group, "Phulkari shawl", price="4500.00")
    add_makers(shawl, [("1200.00", "6"), ("600.00", "3")])
    MinimumWage.objects.filter(province="Punjab").delete()  # the shipped example, replaced
    MinimumWage.objects.create(
        country="PK",
        province="Punjab",
        monthly_amount=Decimal("41600"),
        effective_from=datetime.date(2025, 7, 1),
        source="Punjab Minimum Wages Board notification (test)",
    )
    return {"url": live_server.url, "product": shawl}


def test_the_price_split_is_drawn_without_javascript_in_both_languages(browser, product, request):
    from tests.browser.conftest import Screenshots

    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    shots = Screenshots(page, request.node.name)
    for prefix, name in (("", "english"), ("/ur", "urdu")):
        page.goto(product["url"] + prefix + product["product"].url)
        split = page.locator("[data-testid=price-split]")
        split.scroll_into_view_if_needed()
        bar = page.locator("svg.price-bar")
        box = bar.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] >= 10
        widths = [
            float(w)
            for w in bar.locator("rect").evaluate_all("rs => rs.map(r => r.getAttribute('width'))")
        ]
        assert sum(widths) == pytest.approx(100)
        assert page.locator("[data-testid=fair-wage]").is_visible()
        split.screenshot(path=str(shots.folder / f"split-{name}.png"))
        # Screenshots' own helper scrolls with a script: JavaScript is off here, so directly.
        page.screenshot(path=str(shots.folder / f"page-{name}.png"), full_page=True)
    assert violations == []
    context.close()
