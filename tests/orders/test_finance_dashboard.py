"""The finance dashboard: ledger figures by month, group, district and craft, each a chart
(an SVG in an <img>) beside a table with the same figures; finance only."""

import re
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db.models import Sum
from django.utils import timezone

from catalog.models import ProductPage
from events.models.pages import mela_today
from events.services import stall_sale_record
from marketplace.date_range import Period
from orders.finance.dashboards.selectors import (
    finance_by_craft,
    finance_by_district,
    finance_by_group,
    finance_by_month,
    finance_totals,
    sees_finance_dashboards,
)
from orders.models import LedgerEntry, LedgerKind, Order
from tests.factories import (
    CraftCategoryFactory,
    UserFactory,
    make_application,
    make_mela,
    make_staff,
    make_stall,
)
from tests.orders.conftest import add_to_cart, checkout_data
from tests.orders.test_statements import deliver

pytestmark = pytest.mark.django_db

URL = "/admin/finance-dashboard/"
CHARTS = ("months", "groups", "balances", "districts", "crafts")


@pytest.fixture
def finance():
    user = UserFactory(username="finance")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="manage_all_orders"),
    )
    return user


@pytest.fixture
def books(client, two_groups_catalog):
    """Both groups deliver a cash-on-delivery order; Lahore also sells at its mela stall
    (leaving it owing the commission on that cash)."""
    catalog = two_groups_catalog
    phulkari = CraftCategoryFactory(name="Phulkari", slug="phulkari")
    ProductPage.objects.filter(pk=catalog["shawl"].product_id).update(category=phulkari)
    add_to_cart(client, catalog["shawl"], 1)
    add_to_cart(client, catalog["quilt"], 1)
    client.post("/checkout/", checkout_data(client))
    order = Order.objects.latest("pk")
    staff = {name: make_staff(catalog[name]) for name in ("lahore", "thar")}
    for name in ("lahore", "thar"):
        deliver(order.sub_orders.get(producer_group=catalog[name]), staff[name])
    mela = make_mela(start=mela_today(), days=2)
    make_application(mela, catalog["lahore"], status="approved", stall=make_stall(mela))
    stall_sale_record(
        user=staff["lahore"],
        mela=mela,
        group=catalog["lahore"],
        variant_id=catalog["shawl"].pk,
        quantity=3,
        unit_price=Decimal("333.33"),
        token=uuid.uuid4(),
        day=mela.start_date,
    )
    client.logout()
    return catalog


def ledger_sum(**filters) -> Decimal:
    return LedgerEntry.objects.filter(**filters).aggregate(total=Sum("amount"))["total"] or 0


def table(html: str, name: str) -> list[list[Decimal]]:
    body = re.search(rf'data-table="{name}".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    rows = [re.findall(r'data-value="([^"]*)"', row) for row in body.split("</tr>")]
    return [[Decimal(value) for value in row] for row in rows if row]


def test_every_table_equals_a_direct_query_of_the_ledger_to_the_paisa(client, books, finance):
    client.force_login(finance)
    html = client.get(URL).content.decode()

    sales = ledger_sum(kind=LedgerKind.SALE)
    commission = -ledger_sum(kind=LedgerKind.COMMISSION)
    totals = dict(re.findall(r'data-total="(\w+)" data-value="([^"]*)"', html))
    assert {key: Decimal(value) for key, value in totals.items()} == {
        "sales": sales,
        "commission": commission,
        "payouts": Decimal("0.00"),
    }
    assert sales == Decimal("4500.00") + Decimal("9999.99") + Decimal("999.99")

    by_group = {}
    for group in (books["lahore"], books["thar"]):
        balance = ledger_sum(producer_group=group)
        by_group[group.pk] = [
            ledger_sum(producer_group=group, kind=LedgerKind.SALE),
            -ledger_sum(producer_group=group, kind=LedgerKind.COMMISSION),
            Decimal("0.00"),
            max(balance, Decimal("0.00")),
            max(-balance, Decimal("0.00")),
        ]
    shown = dict(
        zip(map(int, re.findall(r'data-group="(\d+)"', html)), table(html, "groups"), strict=True)
    )
    assert shown == by_group
    # Months, districts and crafts each add up to the same ledger totals.
    [month] = table(html, "months")
    assert month == [sales, commission, Decimal("0.00")]
    assert [sum(column) for column in zip(*table(html, "districts"), strict=True)][:2] == [
        sales,
        commission,
    ]
    crafts = table(html, "crafts")
    assert [sum(column) for column in zip(*crafts, strict=True)] == [sales, commission]
    # The shawl's craft: its online order and its stall sale (Rs 333.33 x 3, 10%).
    assert crafts == [
        [Decimal("9999.99"), Decimal("1250.00")],
        [Decimal("5499.99"), Decimal("550.00")],
    ]


def test_a_period_without_entries_shows_zero(client, books, finance):
    client.force_login(finance)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    html = client.get(URL, {"date_from": tomorrow}).content.decode()
    assert 'data-total="sales" data-value="0.00"' in html
    assert table(html, "months") == []


def test_each_chart_is_an_svg_without_script_shown_in_an_img_that_points_to_its_table(
    client, books, finance
):
    client.force_login(finance)
    html = client.get(URL, {"date_from": "2000-01-01"}).content.decode()
    images = re.findall(r'<img class="dashboard-chart" src="([^"]+)"[^>]*alt="([^"]+)"', html)

    assert [src.split("?")[0].rsplit("/", 1)[1] for src, _alt in images] == [
        f"{chart}.svg" for chart in CHARTS
    ]
    for src, alt in images:
        assert "date_from=2000-01-01" in src and "table" in alt
        response = client.get(src.replace("&amp;", "&"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("image/svg+xml")
        assert b"<script" not in response.content and b"<svg" in response.content
    groups_svg = client.get(f"{URL}charts/groups.svg").content.decode()
    assert books["lahore"].title in groups_svg and books["thar"].title in groups_svg


def test_group_staff_cannot_open_the_finance_dashboard_or_its_charts(client, books):
    client.force_login(make_staff(books["lahore"], "lahore-staff-2"))
    for url in (URL, f"{URL}charts/groups.svg"):
        response = client.get(url)  # Wagtail turns the refusal into a redirect home
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert URL not in client.get("/admin/").content.decode()


def test_the_figures_cost_five_queries_however_many_entries(
    client, books, finance, django_assert_num_queries, django_assert_max_num_queries
):
    period = Period()
    assert sees_finance_dashboards(finance)  # loads the user's permissions once
    with django_assert_num_queries(5):
        finance_totals(user=finance, period=period)
        finance_by_month(user=finance, period=period)
        finance_by_district(finance_by_group(user=finance, period=period))
        finance_by_craft(user=finance, period=period)  # entries, then their order lines
    client.force_login(finance)
    client.get(URL)  # the admin's own per-user caches
    with django_assert_max_num_queries(24):  # the admin's menus and session, and the figures
        assert client.get(URL).status_code == 200
