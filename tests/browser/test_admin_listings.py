"""The admin listings in Chromium, at 1280 px and on a 360 px phone: they are Wagtail's own
listing (sortable column headers, the filter drawer, active filter pills, page numbers and
the CSV/XLSX downloads in the header's menu) and a group's staff see only their group's orders."""

from decimal import Decimal

import pytest

from catalog.models import ProductVariant
from events.models.pages import mela_today
from orders.finance.payouts import payout_create
from tests.factories import (
    make_application,
    make_group,
    make_mela,
    make_payable_group,
    make_product,
    make_staff,
)
from tests.orders.order_desk_support import finance_user, place_order, submit_transfer_reference

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "listing-pass-4417"


@pytest.fixture
def desk(live_server):
    lahore = make_group("Lahore Embroiderers Union", delivery_charge=Decimal("200.00"))
    thar = make_group("Thar Ralli Cooperative", delivery_charge=Decimal("300.00"))
    shawl = make_product(lahore, "Phulkari shawl", price="4500.00", stock=20)
    quilt = make_product(thar, "Ralli quilt", price="9999.99", stock=20)
    catalog = {"shawl": shawl.variants.get(), "quilt": quilt.variants.get()}
    ProductVariant.objects.update(stock=20)
    orders = [
        place_order(catalog, contact_name="Ayesha Khan"),
        place_order(catalog, items=("shawl",), contact_name="Bushra Ali"),
        place_order(catalog, items=("quilt",), contact_name="Zarina Thar"),
        place_order(catalog, items=("quilt",), payment_method="transfer", contact_name="Sadia"),
    ]
    submit_transfer_reference(orders[3], reference="JC-77120")
    payout_create(group_id=make_payable_group("Hala Ralli Makers", slug="hala").pk)
    make_application(make_mela("Lahore Mela", start=mela_today()), lahore)
    finance = finance_user()
    staff = make_staff(lahore, "lahore-staff")
    for user in (finance, staff):
        user.set_password(PASSWORD)
        user.save()
    return {"url": live_server.url, "orders": orders, "finance": finance, "staff": staff}


def log_in(page, base: str, user) -> None:
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")


def listed_numbers(page) -> list[str]:
    return [
        text.strip()
        for text in page.locator("table.listing tbody tr td:first-child").all_inner_texts()
    ]


def test_order_desk_sorts_filters_and_exports_like_wagtails_listings(page, desk):
    base = desk["url"]
    log_in(page, base, desk["finance"])

    page.goto(base + "/admin/orders/")
    assert len(listed_numbers(page)) == 5  # every group's sub-orders for finance
    assert page.get_by_role("link", name="1 transfer awaiting verification").count() == 1
    page.screenshots("desk-finance-1280")
    page.get_by_role("link", name="Total", exact=True).click()
    page.wait_for_url("**ordering=total**")
    totals = page.locator("table.listing tbody tr td:nth-child(6)").all_inner_texts()
    amounts = [Decimal(text.replace("Rs", "").replace(",", "").strip()) for text in totals]
    assert amounts == sorted(amounts)

    page.goto(base + "/admin/orders/?status=new&q=Zarina")
    assert "There is 1 match" in page.content()
    page.screenshots("desk-filtered-1280")
    page.get_by_role("button", name="Actions").click()
    csv_link = page.get_by_role("link", name="Download CSV")
    assert "export=csv" in csv_link.get_attribute("href")
    assert "status=new" in csv_link.get_attribute("href")
    page.screenshots("desk-export-menu-1280")

    for path, name in [
        ("/admin/orders/transfers/", "transfers"),
        ("/admin/payouts/", "payouts"),
        ("/admin/statements/?ordering=-balance", "statements"),
    ]:
        page.goto(base + path)
        assert page.locator("table.listing").count() == 1, path
        if name == "transfers":
            row = page.locator("table.listing tbody tr")
            assert "JC-77120" in row.inner_text() and row.get_by_text("Money received").count()
        page.screenshots(f"{name}-1280")
    page.goto(base + "/admin/melas/applications/")
    assert "No applications yet." in page.content()  # finance neither applies nor organises
    assert page.javascript_errors == []


def test_group_staff_see_their_own_desk_on_a_phone(phone_page, desk):
    page = phone_page
    base = desk["url"]
    log_in(page, base, desk["staff"])

    page.goto(base + "/admin/orders/")
    numbers = listed_numbers(page)
    lahore_orders = {desk["orders"][0].number, desk["orders"][1].number}
    assert {number.strip() for number in numbers} == lahore_orders
    assert "Zarina" not in page.content() and "Producer group" not in page.content()
    page.screenshots("desk-group-360")
    page.goto(base + "/admin/melas/applications/")
    page.screenshots("applications-group-360")

    page.context.clear_cookies()
    log_in(page, base, desk["finance"])
    for path, name in [
        ("/admin/orders/", "desk-finance"),
        ("/admin/orders/transfers/", "transfers"),
        ("/admin/payouts/", "payouts"),
    ]:
        page.goto(base + path)
        page.screenshots(f"{name}-360")
    page.goto(base + "/admin/orders/transfers/")
    page.get_by_role("button", name="Money received").click()  # reachable on a phone
    page.wait_for_url("**/admin/orders/transfers/")
    assert "No transfers are waiting" in page.content()
    page.screenshots("transfer-approved-360")
    assert page.javascript_errors == []
