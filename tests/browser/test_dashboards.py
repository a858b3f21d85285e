"""The finance and mela dashboards in Chromium, in English and Urdu: at 1280 px without
JavaScript and at 360 px (a phone, with Wagtail's scripts, which fold its menu away) every chart
(an SVG in an <img>) loads, every table is there, the page fits the screen, and the admin's
Content-Security-Policy reports nothing."""

import uuid
from decimal import Decimal

import pytest
from wagtail.users.models import UserProfile

from catalog.models import ProductVariant
from events.models.pages import mela_today
from events.services import stall_sale_record
from tests.browser.conftest import SCREENSHOT_DIR
from tests.factories import (
    make_application,
    make_group,
    make_mela,
    make_organiser,
    make_product,
    make_staff,
    make_stall,
)
from tests.orders.order_desk_support import finance_user, place_order, sub_order_of
from tests.orders.test_ledger import deliver_sub_order

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "dashboard-pass-7731"
SCREENS = SCREENSHOT_DIR / "dashboards"


@pytest.fixture
def world(live_server):
    lahore = make_group("Lahore Embroiderers Union", delivery_charge=Decimal("200.00"))
    thar = make_group("Thar Ralli Cooperative", province="Sindh", district="Tharparkar")
    shawl = make_product(lahore, "Phulkari shawl", price="4500.00", stock=20)
    quilt = make_product(thar, "Ralli quilt", price="9999.99", stock=20)
    ProductVariant.objects.update(stock=20)
    catalog = {"shawl": shawl.variants.get(), "quilt": quilt.variants.get()}
    staff = {group.pk: make_staff(group) for group in (lahore, thar)}
    for _ in range(2):
        order = place_order(catalog)
        for group in (lahore, thar):
            deliver_sub_order(sub_order_of(order, group), staff[group.pk])
    mela = make_mela("Lahore Crafts Mela", start=mela_today())
    make_application(mela, lahore, status="approved", stall=make_stall(mela, "A-1"))
    make_stall(mela, "A-2")
    stall_sale_record(
        user=staff[lahore.pk],
        mela=mela,
        group=lahore,
        variant_id=catalog["shawl"].pk,
        quantity=2,
        unit_price=Decimal("3000.00"),
        token=uuid.uuid4(),
        day=mela.start_date,
    )
    finance, organiser = finance_user(), make_organiser(mela)
    for user in (finance, organiser):
        user.set_password(PASSWORD)
        user.save()
    return {"url": live_server.url, "mela": mela, "finance": finance, "organiser": organiser}


def open_screens(browser, world, user, paths, *, language: str) -> None:
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    base = world["url"]
    SCREENS.mkdir(parents=True, exist_ok=True)
    for width, height, scripts in ((1280, 900, False), (360, 740, True)):
        context = browser.new_context(
            viewport={"width": width, "height": height}, java_script_enabled=scripts
        )
        page = context.new_page()
        charts, console = [], []
        page.on(
            "response",
            lambda response, charts=charts: (
                charts.append(response) if response.url.split("?")[0].endswith(".svg") else None
            ),
        )
        page.on("console", lambda message, console=console: console.append(message.text))
        page.goto(base + "/admin/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(base + "/admin/")
        for name, path in paths:
            charts.clear()
            assert page.goto(base + path).status == 200
            page.wait_for_load_state("load")
            images = page.locator("img.dashboard-chart")
            assert images.count() == len(charts) >= 2, name
            assert all(
                response.status == 200
                and response.headers["content-type"].startswith("image/svg+xml")
                for response in charts
            ), name
            assert page.locator("table[data-table]").count() >= 2
            if language == "ur":
                assert page.locator("html").get_attribute("dir") == "rtl"
            # Nothing wider than the screen but the tables' own scrolling boxes.
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
            # The admin scrolls its main column, not the page: one picture per section.
            page.screenshot(path=str(SCREENS / f"{name}-{language}-{width}.png"))
            sections = page.locator("section.dashboard-section")
            for index in range(sections.count()):
                sections.nth(index).scroll_into_view_if_needed()
                page.screenshot(
                    path=str(SCREENS / f"{name}-{language}-{width}-section{index + 1}.png")
                )
        assert not [text for text in console if "Content Security Policy" in text]
        context.close()


def test_finance_dashboard_in_english_and_urdu(browser, world):
    for language in ("en", "ur"):
        open_screens(
            browser,
            world,
            world["finance"],
            [("finance", "/admin/finance-dashboard/")],
            language=language,
        )


def test_mela_dashboard_in_english_and_urdu(browser, world):
    path = f"/admin/melas/{world['mela'].pk}/dashboard/"
    for language in ("en", "ur"):
        open_screens(browser, world, world["organiser"], [("mela", path)], language=language)
