"""/impact/ on a 360 px phone in English and Urdu: the figures, bars and tables fit (tables
scroll inside their own box, the page never sideways), bars grow from the reading side."""

from datetime import date

import pytest
from django.core.cache import cache

from catalog.models import MakerRate
from tests.orders.test_impact_melas_and_payments import pay
from tests.orders.test_impact_page import sales  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_impact_page_fits_a_phone_in_both_languages(live_server, phone_page, sales):  # noqa: F811
    for group in sales["groups"]:  # every maker paid: the "Paid to makers" tables show
        makers = [rate.artisan for rate in MakerRate.objects.filter(product__producer_group=group)]
        pay(group, makers, "250.00", date(2026, 11, 1))
    cache.clear()
    for prefix, name in (("", "english"), ("/ur", "urdu")):
        phone_page.goto(f"{live_server.url}{prefix}/impact/")

        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
        assert phone_page.locator(".impact-totals > div").count() >= 4
        assert phone_page.locator("svg.rupee-bar rect").count() == 4
        assert phone_page.locator("table.impact-table").count() >= 2
        assert phone_page.locator("#impact-paid ~ .table-scroll table").count() >= 1
        assert phone_page.locator("[data-table=melas-district]").count() == 1
        direction = phone_page.evaluate("getComputedStyle(document.documentElement).direction")
        assert direction == ("rtl" if prefix else "ltr")
        bar = phone_page.locator("svg.rupee-bar").bounding_box()
        assert bar is not None and bar["width"] > 250
        phone_page.screenshots(f"impact-{name}")
