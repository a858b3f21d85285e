"""The market information screen (a group's staff, admin in Urdu and English) and the
resources and newsletter pages, on a 360 px phone: nothing scrolls sideways, and the Urdu
screens are right to left. Screenshots in test-output/screenshots/<test name>/."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail.users.models import UserProfile

from catalog.market.services import product_sales_record
from catalog.models import ProductDayStats, SearchTermDay
from marketplace.demo import demo_resources_and_newsletter_ensure
from marketplace.site_setup import site_tree_ensure
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, Screenshots
from tests.browser.phone_checks import layout_problems
from tests.browser.storefront_site import session_cookie_for
from tests.browser.test_urdu_mixed_text import unmarked_latin
from tests.catalog.two_groups import B_PRODUCT_TITLE, two_groups

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def market_world():
    site_tree_ensure()
    world = two_groups()
    today = timezone.localdate()
    ProductDayStats.objects.create(product=world.product_a, day=today, views=31, add_to_carts=6)
    product_sales_record(
        day=today - datetime.timedelta(days=1),
        sales={world.product_a.pk: (2, Decimal("9000.00"))},
    )
    for term, language in (("ajrak bedsheet", "en"), ("رلی تکیہ", "ur")):
        SearchTermDay.objects.create(
            day=today, language=language, term=term, searches=8, unmet_searches=8,
            zero_result_searches=5, searchers=8,
        )  # fmt: skip
    return world


def phone(browser, request, cookie=None):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    if cookie:
        context.add_cookies([cookie])
    page = context.new_page()
    return context, page, Screenshots(page, request.node.name)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_market_information_fits_a_phone_in_both_languages(browser, live_server, request, language):
    world = market_world()
    profile = UserProfile.get_for_user(world.staff_a)
    profile.preferred_language = language
    profile.save()
    context, page, screenshot = phone(
        browser, request, session_cookie_for(world.staff_a, live_server.url)
    )
    try:
        page.goto(live_server.url + "/admin/market-information/")
        assert page.locator("[data-testid=own-products]").is_visible()
        text = page.locator("main").inner_text()
        assert "ajrak bedsheet" in text and "رلی تکیہ" in text
        assert B_PRODUCT_TITLE not in page.content()
        assert page.evaluate("document.documentElement.dir") == (
            "rtl" if language == "ur" else "ltr"
        )
        screenshot(f"market-information-{language}")
        page.locator("[data-testid=own-products]").scroll_into_view_if_needed()
        screenshot(f"market-information-{language}-own-products")
        problems = [p for p in layout_problems(page) if p.startswith("scrolls sideways")]
        # The admin's main area scrolls by itself, so also: every table inside the screen.
        tables_too_wide = page.evaluate(
            """() => [...document.querySelectorAll('main table')]
                .filter(t => t.getBoundingClientRect().right > innerWidth + 1
                    || t.getBoundingClientRect().left < -1).length"""
        )
        assert (problems, tables_too_wide) == ([], 0)
    finally:
        context.close()


def test_resources_and_newsletter_pages_fit_a_phone_in_both_languages(
    browser, live_server, request
):
    site_tree_ensure()
    demo_resources_and_newsletter_ensure()
    context, page, screenshot = phone(browser, request)
    wrong = []
    try:
        for prefix in ("", "/ur"):
            for path in (
                "/resources/",
                "/resources/home-work-and-your-rights/",
                "/newsletter/",
                "/newsletter/spring-melas/",
                "/newsletter-subscription/",
            ):
                response = page.goto(live_server.url + prefix + path)
                if response.status != 200:
                    wrong.append(f"{prefix}{path}: {response.status}")
                    continue
                screenshot(f"{(prefix or '/en').strip('/')}-{path.strip('/').replace('/', '-')}")
                wrong += [f"{prefix}{path}: {p}" for p in layout_problems(page)]
                if prefix == "/ur":  # English content marked lang="en", the interface in Urdu
                    wrong += unmarked_latin(page, prefix + path)
        # The sign-up itself, in Urdu.
        page.goto(live_server.url + "/ur/newsletter-subscription/")
        page.fill("input[name=email]", "reader@example.org")
        page.locator("form.checkout-form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("[data-testid=check-email]").is_visible()
        screenshot("ur-signed-up")
    finally:
        context.close()
    assert wrong == []
