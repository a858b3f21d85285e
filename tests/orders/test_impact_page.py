"""/impact/: figures from the ledger to the paisa, one way at a time, in both languages."""

import uuid
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db.models import Sum

from catalog.models import MakerRate
from events.services import stall_sale_record
from events.workshops.services import workshop_sign_up
from marketplace.money import to_money
from orders.impact.facts import impact_facts
from orders.impact.report import published_impact, rupee_shares
from orders.lifecycle.sub_orders import sub_order_return
from orders.models import LedgerEntry, LedgerKind, MakerEarning, Order
from tests.events.workshop_helpers import make_workshop
from tests.factories import (
    CraftCategoryFactory,
    UserFactory,
    make_artisan,
    make_group,
    make_product,
    make_staff,
)
from tests.orders.conftest import add_to_cart, checkout_data
from tests.orders.test_ledger import deliver_sub_order
from tests.orders.test_mela_cash import exhibiting

pytestmark = pytest.mark.django_db

GROUPS = [
    ("Lahore Embroiderers Union", "Punjab", "Lahore"),
    ("Multan Blue Pottery Cooperative", "Punjab", "Multan"),
    ("Bahawalpur Rilli Association", "Punjab", "Bahawalpur"),
    ("Hala Ajrak Cooperative", "Sindh", "Matiari"),
]


def ledger(kind) -> Decimal:
    total = LedgerEntry.objects.filter(kind=kind).aggregate(total=Sum("amount"))["total"]
    return to_money(total or 0)


@pytest.fixture
def sales(site_tree, client):
    """One cash-on-delivery order from four groups, delivered; one parcel returned; one sale
    at a mela stall. Prices chosen so that shares round."""
    embroidery = CraftCategoryFactory(name="Embroidery", slug="embroidery")
    pottery = CraftCategoryFactory(name="Blue pottery", slug="blue-pottery", name_ur="نیلی پوٹری")
    groups = []
    for index, (title, province, district) in enumerate(GROUPS):
        group = make_group(title, province=province, district=district)
        craft = pottery if index == 1 else embroidery
        first = make_product(group, f"{title} piece", price="1000.01", category=craft)
        second = make_product(group, f"{title} second", price="333.33", category=embroidery)
        makers = ["Rukhsana Bibi", "Nasreen Akhtar"] if index == 0 else [f"Maker {index}"]
        for name in makers:
            MakerRate.objects.create(
                product=first,
                artisan=make_artisan(group, name),
                piece_rate=Decimal("250.00"),
                hours_per_piece=Decimal("6.00"),
            )
        add_to_cart(client, first.variants.get(), 1)
        add_to_cart(client, second.variants.get(), 2)
        groups.append(group)
    client.post("/checkout/", checkout_data(client))
    order = Order.objects.latest("pk")
    for sub_order in order.sub_orders.select_related("producer_group"):
        deliver_sub_order(sub_order, make_staff(sub_order.producer_group, f"desk-{sub_order.pk}"))
    returned = order.sub_orders.get(producer_group=groups[1])
    platform_staff = UserFactory(username="orders-desk")
    platform_staff.user_permissions.add(Permission.objects.get(codename="manage_all_orders"))
    sub_order_return(by=platform_staff, sub_order_id=returned.pk, reason="Broken")
    mela, staff, variant = exhibiting(groups[0])
    stall_sale_record(
        user=staff,
        mela=mela,
        group=groups[0],
        variant_id=variant.pk,
        quantity=3,
        unit_price=None,
        token=uuid.uuid4(),
    )
    cache.clear()
    return {"groups": groups, "pottery": pottery}


def test_every_breakdown_adds_up_to_the_ledger_to_the_paisa(sales):
    facts = impact_facts()

    assert facts.total.sales == ledger(LedgerKind.SALE)
    assert facts.total.commission == -ledger(LedgerKind.COMMISSION)
    assert facts.total.delivery == ledger(LedgerKind.DELIVERY)
    assert len(facts.total.groups) == 4 and len(facts.total.orders) == 1
    earned = MakerEarning.objects.aggregate(total=Sum("amount"))["total"]
    assert facts.total.to_makers == to_money(earned) > 0
    assert len(facts.total.makers) == 5
    for dimension, cells in facts.by.items():
        assert sum(cell.sales for cell in cells) == facts.total.sales, dimension
        assert sum(cell.commission for cell in cells) == facts.total.commission, dimension
        assert sum(cell.to_makers for cell in cells) == facts.total.to_makers, dimension
    pottery = next(cell for cell in facts.by["craft"] if cell.key == sales["pottery"].pk)
    assert pottery.sales == 0  # the returned parcel's pottery came back out of its craft


def test_a_province_with_one_group_cannot_be_worked_out_from_the_total(sales):
    report = published_impact()

    provinces = next(b for b in report.breakdowns if b.dimension == "province")
    # Sindh rests on one group; Punjab shown would give Sindh away as total - Punjab.
    assert provinces.shown == []
    assert provinces.other is not None and provinces.other.groups == 4
    assert report.total is not None and report.total.sales == ledger(LedgerKind.SALE)


def test_the_share_of_each_rupee_adds_up_to_a_hundred_paisa(sales):
    shares = rupee_shares(published_impact().total)

    assert sum(share.paisa for share in shares) == 100
    assert [share.start for share in shares] == [
        0,
        *[sum(s.paisa for s in shares[: n + 1]) for n in range(len(shares) - 1)],
    ]


@pytest.mark.parametrize("prefix", ["", "/ur"])
def test_the_page_shows_each_chart_with_its_table_and_needs_no_script(sales, client, prefix):
    response = client.get(f"{prefix}/impact/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="impact-chart"') == html.count('class="impact-table"')
    assert html.count("<table") >= 2  # the breakdowns shown and the melas
    scripts = [line for line in html.splitlines() if "<script" in line]
    assert len(scripts) == 1 and "cart_count.js" in scripts[0]  # the site header's, only
    if prefix:
        assert '<html lang="ur" dir="rtl">' in html and "<h1>اثرات</h1>" in html


def test_a_marketplace_too_small_to_publish_says_so_and_shows_no_figure(site_tree, client):
    group = make_group("Lahore Embroiderers Union")
    make_product(group, "Phulkari shawl", price="4500.00")
    cache.clear()

    html = client.get("/impact/").content.decode()

    assert "not enough sales yet" in html
    assert "<table" not in html.split("Melas and visitors")[0]


def test_the_cached_page_costs_the_same_few_queries(sales, client, django_assert_max_num_queries):
    client.get("/impact/")  # fills the cache

    with django_assert_max_num_queries(6):
        client.get("/impact/")


def test_workshop_sign_ups_feed_the_page_with_small_districts_combined(site_tree, client):
    lahore = make_workshop(title="Pricing your work", district="Lahore")
    multan = make_workshop(title="Design for exporters", district="Multan")
    for n in range(6):
        workshop_sign_up(workshop_id=lahore.pk, phone=f"0300 123456{n}", language="ur")
    for n in range(2):  # too few to show on their own
        workshop_sign_up(workshop_id=multan.pk, phone=f"0301 765432{n}", language="ur")
    cache.clear()

    html = client.get("/impact/").content.decode()

    table = html.split('data-table="workshops-district"')[1].split("</table>")[0]
    assert "Lahore" not in table and "Multan" not in table  # Lahore alone = total - other
    assert "Other (small figures combined)" in table and "<td>8</td>" in table
