"""Every storefront page type on phones 320, 360 and 412 px wide, in English and Urdu: no
sideways scrolling, every control at least 44 x 44 px, and the focus visible as the Tab key
moves through the page (checked at 360 px). One browser context per width, one page reused.

Screenshots of every page at 360 px land in test-output/screenshots/<test name>/.
"""

import pytest

from tests.browser.conftest import DEFAULT_TIMEOUT_MS, Screenshots
from tests.browser.phone_checks import focus_problems, layout_problems
from tests.browser.storefront_site import (
    ACCOUNT_PATHS,
    order_place_through_checkout,
    session_cookie_for,
    storefront_build,
    storefront_paths,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
WIDTHS = (320, 360, 412)
LANGUAGES = ("", "/ur")
SCREENSHOT_WIDTH = 360


def phone_context(browser, width: int):
    context = browser.new_context(
        viewport={"width": width, "height": 740},
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    return context


def cart_fill(page, site: dict) -> None:
    for product in (site["shawl"], site["quilt"]):
        page.goto(site["url"] + product.url)
        page.locator("form.add-to-cart button[type=submit]").click()
        page.wait_for_load_state()


def test_every_storefront_page_fits_phones_with_44_px_controls_and_visible_focus(
    browser, live_server, request
):
    site = storefront_build(live_server.url)
    order_path = order_place_through_checkout(browser, site)
    pages = storefront_paths(site, order_path)
    problems: list[str] = []
    errors: list[str] = []
    for width in WIDTHS:
        context = phone_context(browser, width)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        screenshots = Screenshots(page, request.node.name) if width == SCREENSHOT_WIDTH else None
        cart_fill(page, site)
        for stage, paths in (("guest", pages), ("account", ACCOUNT_PATHS)):
            if stage == "account":
                context.add_cookies([session_cookie_for(site["buyer"], site["url"])])
            for prefix in LANGUAGES:
                for name, path in paths:
                    response = page.goto(site["url"] + prefix + path)
                    where = f"{width} px {prefix or '/en'} {name} ({path})"
                    assert response.ok, f"{where}: HTTP {response.status}"
                    problems += [f"{where}: {problem}" for problem in layout_problems(page)]
                    if screenshots:
                        screenshots(f"{name}{prefix.replace('/', '-')}")
                        problems += [f"{where}: {p}" for p in focus_problems(page)]
        context.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
    assert errors == []
