"""Chromium reports no Content-Security-Policy violation on the storefront: home, shop,
product, cart, checkout, a mela page and its stall map."""

import pytest

from tests.factories import make_application, make_group, make_mela, make_product, make_stall

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def storefront(live_server):
    group = make_group("Hyderabad Ralli Makers", province="Sindh", district="Hyderabad")
    product = make_product(group, "Ralli quilt", price="12500.00")
    mela = make_mela("Lahore Crafts Mela")
    make_application(
        mela, group, products=[product], status="approved", stall=make_stall(mela, column=2)
    )
    return {"url": live_server.url, "product": product, "mela": mela}


def test_storefront_pages_raise_no_csp_violations(page, storefront):
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    base = storefront["url"]
    for path in ["/", "/shop/", storefront["product"].url, storefront["mela"].url]:
        page.goto(base + path)
    page.goto(base + storefront["mela"].url + "stalls/")
    placed = page.evaluate(
        "() => getComputedStyle(document.querySelector('.stall-map a')).gridColumnStart"
    )
    assert placed == "2"  # the stall map's script placed the stall
    page.goto(base + storefront["product"].url)
    page.locator("form[action*='/cart/add/'] button[type=submit]").first.click()
    page.goto(base + "/cart/")
    page.goto(base + "/checkout/")
    assert "/checkout/" in page.url
    assert violations == [], violations
    assert page.javascript_errors == []
