"""Sales at the stall: the same stock as the shop, once per submission, and the mela report."""

import re
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest

from catalog.models import ProductVariant
from events.models import StallSale
from events.models.pages import mela_today
from events.selectors import mela_report
from events.services import StallSaleError, stall_sale_record
from tests.factories import (
    make_application,
    make_group,
    make_mela,
    make_organiser,
    make_product,
    make_staff,
    make_stall,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stall_world(site_tree):
    mela = make_mela(start=mela_today(), days=3)
    group = make_group("Hala Ajrak Cooperative", district="Matiari")
    other = make_group("Other Group")
    product = make_product(group, "Ajrak shawl", price="3200.00", stock=5)
    other_product = make_product(other, "Other shawl", price="900.00", stock=5)
    make_application(mela, group, products=[product], status="approved", stall=make_stall(mela))
    return {
        "mela": mela,
        "group": group,
        "other": other,
        "staff": make_staff(group),
        "other_staff": make_staff(other),
        "variant": product.variants.get(),
        "other_variant": other_product.variants.get(),
    }


def sale_url(mela) -> str:
    return f"{mela.url}stall-sales/"


def token_in(html: str) -> str:
    return re.search(r'name="token" value="([0-9a-f-]+)"', html).group(1)


def test_staff_record_a_sale_and_stock_goes_down_once_even_if_resubmitted(client, stall_world):
    mela, variant = stall_world["mela"], stall_world["variant"]
    client.force_login(stall_world["staff"])
    page = client.get(sale_url(mela))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert "Ajrak shawl" in html and "Other shawl" not in html
    data = {
        "token": token_in(html),
        "group": stall_world["group"].pk,
        "variant": variant.pk,
        "quantity": "2",
        "unit_price": "3000",
    }

    first = client.post(sale_url(mela), data)
    assert first.status_code == 302
    # A flaky connection sends the same form again.
    second = client.post(sale_url(mela), data, follow=True)
    assert "already recorded" in second.content.decode()

    sale = StallSale.objects.get()
    assert (sale.quantity, sale.unit_price, sale.total) == (
        2,
        Decimal("3000.00"),
        Decimal("6000.00"),
    )
    assert sale.sale_day == mela_today()
    assert ProductVariant.objects.get(pk=variant.pk).stock == 3
    assert "Rs 6,000" in client.get(sale_url(mela)).content.decode()


def test_empty_price_uses_the_shop_price(stall_world):
    sale, created = stall_sale_record(
        user=stall_world["staff"],
        mela=stall_world["mela"],
        group=stall_world["group"],
        variant_id=stall_world["variant"].pk,
        quantity=1,
        unit_price=None,
        token=uuid.uuid4(),
    )
    assert created and sale.total == Decimal("3200.00")


def test_cannot_sell_more_than_the_stock_and_nothing_is_recorded(client, stall_world):
    mela = stall_world["mela"]
    client.force_login(stall_world["staff"])
    html = client.get(sale_url(mela)).content.decode()
    response = client.post(
        sale_url(mela),
        {
            "token": token_in(html),
            "group": stall_world["group"].pk,
            "variant": stall_world["variant"].pk,
            "quantity": "6",
        },
    )
    assert response.status_code == 200
    assert "Not enough stock" in response.content.decode()
    assert not StallSale.objects.exists()
    assert ProductVariant.objects.get(pk=stall_world["variant"].pk).stock == 5


def test_only_staff_of_an_exhibiting_group_record_sales(client, stall_world):
    mela = stall_world["mela"]
    response = client.get(sale_url(mela))
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(stall_world["other_staff"])  # no approved stall at this mela
    assert client.get(sale_url(mela)).status_code == 403
    # Another group's variant cannot be sold through this group's stall.
    with pytest.raises(StallSaleError):
        stall_sale_record(
            user=stall_world["staff"],
            mela=mela,
            group=stall_world["group"],
            variant_id=stall_world["other_variant"].pk,
            quantity=1,
            unit_price=None,
            token=uuid.uuid4(),
        )
    assert ProductVariant.objects.get(pk=stall_world["other_variant"].pk).stock == 5


def test_report_shows_exhibitors_stalls_visitors_and_sales_per_group_and_day(client, stall_world):
    mela, group = stall_world["mela"], stall_world["group"]
    organiser = make_organiser(mela)
    make_stall(mela, "A-2")
    for day_offset, quantity in ((0, 1), (0, 2), (1, 1)):
        stall_sale_record(
            user=stall_world["staff"],
            mela=mela,
            group=group,
            variant_id=stall_world["variant"].pk,
            quantity=quantity,
            unit_price=Decimal("1000.50"),
            token=uuid.uuid4(),
            day=mela.start_date + timedelta(days=day_offset),
        )
    client.force_login(organiser)
    response = client.post(
        f"/admin/melas/{mela.pk}/report/",
        {"day": mela.start_date.isoformat(), "visitors": "1200"},
    )
    assert response.status_code == 302

    report = mela_report(mela=mela)
    assert (report["stalls_filled"], report["stalls_total"]) == (1, 2)
    assert report["visitors_total"] == 1200
    [row] = report["groups"]
    assert (row["title"], row["items"], row["stall"]) == (group.title, 4, Decimal("4002.00"))
    days = {row["day"]: row for row in report["days"]}
    assert days[mela.start_date]["stall"] == Decimal("3001.50")
    assert days[mela.start_date]["visitors"] == 1200
    assert days[mela.start_date + timedelta(days=1)]["stall"] == Decimal("1000.50")
    assert row["online"] == Decimal("0.00")

    html = client.get(f"/admin/melas/{mela.pk}/report/").content.decode()
    assert "Stalls filled: 1 of 2" in html
    assert "Rs 4,002" in html


def test_report_counts_online_orders_of_exhibitors_during_the_mela(client, stall_world):
    from tests.orders.conftest import add_to_cart, checkout_data

    mela = stall_world["mela"]
    add_to_cart(client, stall_world["variant"], 2)  # exhibitor: Rs 6,400
    add_to_cart(client, stall_world["other_variant"], 1)  # not exhibiting at this mela
    client.post("/checkout/", checkout_data(client))  # cash on delivery, placed today

    report = mela_report(mela=mela)
    [row] = report["groups"]
    assert row["online"] == Decimal("6400.00")
    assert {day["day"]: day["online"] for day in report["days"]}[mela.start_date] == Decimal(
        "6400.00"
    )
