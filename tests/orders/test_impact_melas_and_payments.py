"""/impact/: what groups paid their makers, held back by the same rules as the sales; melas
and visitors by province, district and year."""

import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db.models import Sum
from wagtail.models import Locale

from events.models import MelaVisitorCount
from marketplace.money import to_money
from orders.finance.maker_payments import MakerPaymentLine, maker_payments_record
from orders.impact.facts import impact_facts
from orders.impact.melas import mela_breakdowns
from orders.impact.report import published_impact
from orders.impact.suppression import MIN_MAKERS
from orders.models import MakerPayment
from tests.factories import make_artisan, make_group, make_mela, make_staff
from tests.orders.test_impact_page import GROUPS

pytestmark = pytest.mark.django_db


def pay(group, makers, amount: str, paid_on: date) -> None:
    maker_payments_record(
        group_id=group.pk,
        by=make_staff(group, f"pay-{uuid.uuid4().hex[:8]}"),
        paid_on=paid_on,
        method="easypaisa",
        batch_token=uuid.uuid4(),
        lines=[MakerPaymentLine(maker.pk, Decimal(amount)) for maker in makers],
    )


@pytest.fixture
def paying_groups(site_tree):
    """Four groups (three in Punjab, one in Sindh) that recorded payments to their makers:
    two makers each, one of the Punjab groups paid in two years."""
    groups = {}
    for title, province, district in GROUPS:
        group = make_group(title, province=province, district=district)
        groups[district] = (group, [make_artisan(group, f"{district} maker {n}") for n in (1, 2)])
    for group, makers in groups.values():
        pay(group, makers, "1234.57", date(2026, 3, 1))
    lahore, lahore_makers = groups["Lahore"]
    pay(lahore, lahore_makers[:1], "500.01", date(2025, 12, 30))
    cache.clear()
    return groups


def paid_in_ledger_of_groups() -> Decimal:
    return to_money(MakerPayment.objects.aggregate(total=Sum("amount"))["total"])


def test_paid_to_makers_adds_up_to_what_groups_recorded_in_every_breakdown(paying_groups):
    facts = impact_facts()

    assert facts.paid_total.paid == paid_in_ledger_of_groups() == Decimal("10376.57")
    assert len(facts.paid_total.makers) == 8 and len(facts.paid_total.groups) == 4
    for dimension, cells in facts.paid_by.items():
        assert sum(cell.paid for cell in cells) == facts.paid_total.paid, dimension
    years = {cell.key: cell.paid for cell in facts.paid_by["year"]}
    assert years == {2025: Decimal("500.01"), 2026: Decimal("9876.56")}  # by the day paid
    assert facts.total.sales == 0  # payments are the groups' book, not sales


def test_payments_are_held_back_on_the_groups_who_paid_and_the_makers_they_paid(paying_groups):
    report = published_impact()

    assert report.paid_total is not None and report.paid_total.paid == Decimal("10376.57")
    assert report.paid_total.makers == 8
    paid = {breakdown.dimension: breakdown for breakdown in report.paid_breakdowns}
    # Punjab: 3 groups, 6 makers, shown; Sindh: 1 group; Sindh alone as "Other" would be
    # the total minus Punjab, so Punjab joins it and nothing is shown by province.
    assert paid["province"].shown == [] and paid["province"].other.paid == Decimal("10376.57")
    # 2025 rests on one group and one maker: it cannot be shown, nor 2026 beside it.
    assert paid["year"].shown == [] and paid["year"].other.makers == 8
    for breakdown in paid.values():
        for figures in [*breakdown.shown, *([breakdown.other] if breakdown.other else [])]:
            assert figures.groups >= 3 and figures.makers >= MIN_MAKERS


def test_payments_by_a_few_groups_are_not_published_at_all(site_tree, client):
    for title, province, district in GROUPS[:2]:
        group = make_group(title, province=province, district=district)
        makers = [make_artisan(group, f"{district} maker {n}") for n in range(3)]
        pay(group, makers, "900", date.today())
    cache.clear()

    assert published_impact().paid_total is None
    assert "Paid to makers" not in client.get("/impact/").content.decode()


@pytest.mark.parametrize("prefix", ["", "/ur"])
def test_the_page_shows_payments_to_makers_with_a_chart_and_table(paying_groups, client, prefix):
    lahore, makers = paying_groups["Lahore"]
    pay(lahore, makers, "100.00", date(2025, 12, 31))
    for district in ("Multan", "Bahawalpur"):
        group, group_makers = paying_groups[district]
        pay(group, group_makers, "100.00", date(2025, 6, 1))
    cache.clear()

    html = client.get(f"{prefix}/impact/").content.decode()

    section = html.split('id="impact-paid"')[1].split("</section>")[0]
    years = section.split('id="impact-paid-year"')[1]
    assert years.count("<tr") == 3  # header, 2025 (now 3 groups, 6 makers), 2026
    assert "2025" in years and "2026" in years
    assert years.count('class="impact-bars"') == 1  # the chart beside its table


def test_melas_and_visitors_by_province_district_and_year(site_tree):
    lahore = make_mela("Lahore Crafts Mela", start=date(2026, 2, 10))
    make_mela("Lahore Winter Mela", start=date(2025, 12, 20))
    karachi = make_mela(
        "Karachi Mela", start=date(2026, 4, 1), province="Sindh", district="Karachi"
    )
    older = make_mela("Old Mela", start=date(2019, 1, 5), province="", district="")
    make_mela("Draft Mela", publish=False)
    MelaVisitorCount.objects.create(mela=lahore, day=date(2026, 2, 10), visitors=1200)
    MelaVisitorCount.objects.create(mela=lahore, day=date(2026, 2, 11), visitors=800)
    MelaVisitorCount.objects.create(mela=karachi, day=date(2026, 4, 1), visitors=3000)
    MelaVisitorCount.objects.create(mela=older, day=date(2019, 1, 5), visitors=50)
    urdu = lahore.copy_for_translation(Locale.objects.get(language_code="ur"), copy_parents=True)
    urdu.save_revision().publish()  # the same mela in Urdu: counted once

    by = {breakdown.dimension: breakdown.rows for breakdown in mela_breakdowns()}

    assert [(row.key, row.melas, row.visitors) for row in by["province"]] == [
        (("PK", "Sindh"), 1, 3000),
        (("PK", "Punjab"), 2, 2000),
        (("PK", ""), 1, 50),
    ]
    assert [(row.key[2], row.melas) for row in by["district"]] == [
        ("Karachi", 1),
        ("Lahore", 2),
        ("", 1),
    ]
    assert [(row.key, row.melas, row.visitors) for row in by["year"]] == [
        (2019, 1, 50),
        (2025, 1, 0),
        (2026, 2, 5000),
    ]


@pytest.mark.parametrize("prefix", ["", "/ur"])
def test_the_page_shows_melas_by_place_with_charts_and_tables(site_tree, client, prefix):
    make_mela("Karachi Mela", start=date(2026, 4, 1), province="Sindh", district="Karachi")
    make_mela("Old Mela", start=date(2019, 1, 5), province="", district="")
    cache.clear()

    html = client.get(f"{prefix}/impact/").content.decode()

    melas = html.split('id="impact-melas"')[1].split("</section>")[0]
    totals = melas.split('class="impact-totals"')[1].split("</dl>")[0]
    assert "<dd>2</dd>" in totals  # two melas in all
    assert melas.count('class="impact-bars"') == melas.count("<table") == 3
    districts = melas.split('data-table="melas-district"')[1].split("</table>")[0]
    if prefix:
        karachi = next(row for row in districts.split("<tr") if "Karachi" in row)
        assert "سندھ" in karachi and "پاکستان" in karachi  # provinces and countries translated
        assert "ضلع درج نہیں" in districts
    else:
        assert "Karachi, Sindh, Pakistan" in districts
        assert "District not recorded, Pakistan" in districts
