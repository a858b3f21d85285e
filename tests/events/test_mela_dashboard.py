"""The organisers' mela dashboard: sales by day, group and channel with a chart and a table each,
only for melas the user organises."""

import re
import uuid
from decimal import Decimal

import pytest

from events.dashboard_selectors import mela_dashboard
from events.models.pages import mela_today
from events.services import stall_sale_record
from tests.factories import (
    make_application,
    make_mela,
    make_organiser,
    make_staff,
    make_stall,
)
from tests.orders import conftest as orders_conftest
from tests.orders.conftest import add_to_cart, checkout_data
from tests.orders.test_ledger import deliver_sub_order

pytestmark = pytest.mark.django_db

two_groups_catalog = orders_conftest.two_groups_catalog  # the orders tests' catalogue


@pytest.fixture
def mela_world(client, two_groups_catalog):
    """Lahore exhibits (stall B-7): one stall sale, one shipped order, one collected order."""
    lahore, thar = two_groups_catalog["lahore"], two_groups_catalog["thar"]
    mela = make_mela(start=mela_today(), days=3)
    make_application(mela, lahore, status="approved", stall=make_stall(mela, "B-7"))
    make_stall(mela, "B-8")  # empty
    staff = make_staff(lahore)
    stall_sale_record(
        user=staff,
        mela=mela,
        group=lahore,
        variant_id=two_groups_catalog["shawl"].pk,
        quantity=2,
        unit_price=Decimal("1000.25"),
        token=uuid.uuid4(),
        day=mela.start_date,
    )
    add_to_cart(client, two_groups_catalog["shawl"], 1)  # online, shipped: Rs 4,500
    add_to_cart(client, two_groups_catalog["quilt"], 1)  # Thar does not exhibit: not counted
    client.post("/checkout/", checkout_data(client))
    add_to_cart(client, two_groups_catalog["shawl"], 1)  # collected at the stall: Rs 4,500
    client.post("/checkout/", checkout_data(client, fulfilment="collect", payment_method="cod"))
    collected = lahore.sub_orders.get(order__fulfilment="collect")
    deliver_sub_order(collected, staff)  # handed over today
    client.logout()
    return {"mela": mela, "lahore": lahore, "thar": thar, "organiser": make_organiser(mela)}


def cells(html: str, table: str) -> list[list[str]]:
    body = re.search(rf'data-table="{table}".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [re.findall(r'data-value="([^"]*)"', row) for row in body.split("</tr>") if row.strip()]


def test_organiser_sees_sales_by_channel_day_and_group_with_stalls_filled(client, mela_world):
    mela = mela_world["mela"]
    client.force_login(mela_world["organiser"])
    response = client.get(f"/admin/melas/{mela.pk}/dashboard/")
    html = response.content.decode()

    assert response.status_code == 200
    totals = dict(re.findall(r'data-total="(\w+)" data-value="([^"]*)"', html))
    assert totals == {
        "online": "4500.00",
        "stall": "2000.50",
        "collect": "4500.00",
        "all": "11000.50",
    }
    assert "1 of 2" in html and "(50%)" in html
    first_day = cells(html, "days")[0]
    assert first_day == ["4500.00", "2000.50", "4500.00", "11000.50"]
    assert cells(html, "groups") == [["4500.00", "2000.50", "4500.00", "11000.50"]]
    assert mela_world["thar"].title not in html


def test_each_chart_is_an_svg_without_script_named_in_an_img_beside_its_table(client, mela_world):
    mela = mela_world["mela"]
    client.force_login(mela_world["organiser"])
    html = client.get(f"/admin/melas/{mela.pk}/dashboard/").content.decode()
    charts = re.findall(
        r'<img class="dashboard-chart" src="([^"?]+)\?[^"]*"[^>]*alt="([^"]+)"', html
    )

    assert [src.rsplit("/", 1)[1] for src, _alt in charts] == ["days.svg", "groups.svg"]
    assert all("table" in alt for _src, alt in charts)
    for src, _alt in charts:
        svg = client.get(src)
        assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
        assert b"<script" not in svg.content
    assert mela_world["lahore"].title.encode() in client.get(charts[1][0]).content


def test_an_organiser_of_another_mela_and_group_staff_get_nothing(client, mela_world):
    mela = mela_world["mela"]
    other_organiser = make_organiser(make_mela("Karachi Mela", start=mela_today()))
    for user in (other_organiser, make_staff(mela_world["lahore"], "lahore-2")):
        client.force_login(user)
        assert client.get(f"/admin/melas/{mela.pk}/dashboard/").status_code == 404
        assert client.get(f"/admin/melas/{mela.pk}/dashboard/charts/days.svg").status_code == 404


def test_the_figures_cost_six_queries_however_many_sales(
    client, mela_world, django_assert_num_queries, django_assert_max_num_queries
):
    mela = mela_world["mela"]
    with django_assert_num_queries(6):
        mela_dashboard(mela=mela)
    client.force_login(mela_world["organiser"])
    client.get(f"/admin/melas/{mela.pk}/dashboard/")  # the admin's own per-user caches
    # The admin's menus (one query for all the items asking whether this user is a group's
    # staff: catalog.admin_menu) and session, and the figures.
    with django_assert_max_num_queries(23):
        assert client.get(f"/admin/melas/{mela.pk}/dashboard/").status_code == 200
