"""/impact/ on a 360 px phone in English and Urdu: the figures, bars and tables fit (tables
scroll inside their own box, the page never sideways), bars grow from the reading side."""

import pytest
from django.core.cache import cache

from tests.orders.test_impact_page import sales  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_impact_page_fits_a_phone_in_both_languages(live_server, phone_page, sales):  # noqa: F811
    cache.clear()
    for prefix, name in (("", "english"), ("/ur", "urdu")):
        phone_page.goto(f"{live_server.url}{prefix}/impact/")

        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
        assert phone_page.locator(".impact-totals > div").count() >= 4
        assert phone_page.locator("svg.rupee-bar rect").count() == 4
        assert phone_page.locator("table.impact-table").count() >= 2
        direction = phone_page.evaluate("getComputedStyle(document.documentElement).direction")
        assert direction == ("rtl" if prefix else "ltr")
        bar = phone_page.locator("svg.rupee-bar").bounding_box()
        assert bar is not None and bar["width"] > 250
        phone_page.screenshots(f"impact-{name}")
