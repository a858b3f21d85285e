"""The price split on the product page and the fair-wage label, which never shows without a
dated, sourced minimum wage and rates for every maker, and never when a maker earns less."""

import datetime
import re
from decimal import Decimal

import pytest

from catalog.makers.price_split import price_split
from catalog.makers.selectors import FairWageStatus, minimum_wage_for, products_below_minimum_wage
from catalog.models import ArtisanConsent, MinimumWage
from tests.factories import make_group, make_product, make_staff
from tests.makers.support import add_makers

pytestmark = pytest.mark.django_db

LABEL = 'data-testid="fair-wage"'


@pytest.fixture
def punjab_wage(db):
    MinimumWage.objects.all().delete()  # the shipped examples are tested on their own below
    # Rs 41,600 a month over 26 × 8 hours: exactly Rs 200 an hour.
    return MinimumWage.objects.create(
        country="PK",
        province="Punjab",
        monthly_amount=Decimal("41600"),
        effective_from=datetime.date(2025, 7, 1),
        source="Punjab Minimum Wages Board notification (test)",
    )


@pytest.fixture
def shawl(site_tree):
    group = make_group("Lahore Embroiderers Union", province="Punjab")
    return make_product(group, "Phulkari shawl", price="4500.00")


def page(client, product) -> str:
    return client.get(product.url).content.decode()


def test_the_label_shows_when_every_maker_earns_at_least_the_hourly_minimum(
    client, shawl, punjab_wage
):
    add_makers(shawl, [("2000.00", "10"), ("600.00", "3")])  # Rs 200 an hour each: exactly

    html = page(client, shawl)

    assert LABEL in html
    assert "Punjab Minimum Wages Board notification (test)" in html


def test_one_maker_below_the_minimum_hides_the_label_and_lists_the_product(
    client, shawl, punjab_wage
):
    add_makers(shawl, [("2000.00", "10"), ("599.99", "3")])

    assert LABEL not in page(client, shawl)
    below = products_below_minimum_wage(make_staff(shawl.producer_group))
    assert [(row.product.pk, row.check.lowest_hourly_pay) for row in below] == [
        (shawl.pk, Decimal("200.00"))
    ]


@pytest.mark.parametrize("missing", ["rates", "wage row", "source", "province", "future row"])
def test_the_label_never_shows_without_data(client, shawl, punjab_wage, missing):
    if missing != "rates":
        add_makers(shawl, [("5000.00", "1")])  # far above any minimum
    if missing == "wage row":
        MinimumWage.objects.all().delete()
    elif missing == "source":
        MinimumWage.objects.update(source="")
    elif missing == "province":
        MinimumWage.objects.update(province="Sindh")  # no figure for Punjab or Pakistan
    elif missing == "future row":
        MinimumWage.objects.update(effective_from=datetime.date.today() + datetime.timedelta(1))

    assert LABEL not in page(client, shawl)
    assert minimum_wage_for(country="PK", province="Punjab") is None or missing == "rates"


def test_the_shipped_rows_are_marked_as_examples_and_say_so_on_the_page(client, shawl):
    assert MinimumWage.objects.filter(is_example=False).count() == 0
    assert MinimumWage.objects.filter(is_example=True, province="Punjab").exists()
    add_makers(shawl, [("5000.00", "1")])

    html = page(client, shawl)

    assert LABEL in html and "an example figure, not yet checked" in html


def test_the_page_shows_the_whole_split_as_figures_and_an_svg_bar_without_inline_styles(
    client, shawl, punjab_wage
):
    add_makers(shawl, [("1200.00", "6")], consent=ArtisanConsent.NOT_SHOWN)

    html = page(client, shawl)
    section = html[html.index('data-testid="price-split"') :]
    section = section[: section.index("</section>")]

    # Rs 4,500 at 10%: makers 1,200, group 2,850, platform 450; delivery 250 per parcel.
    for figure in ("Rs 1,200", "Rs 2,850", "Rs 450", "Rs 250"):
        assert figure in section
    assert "<svg" in section and "<rect" in section
    assert "style=" not in section and "<script" not in section
    assert "Maker 0" not in html  # she did not consent: counted, never named
    widths = [Decimal(w) for w in re.findall(r'width="([0-9.]+)"', section)]
    assert sum(widths) == 100


def test_the_split_is_in_urdu_too(client, shawl, punjab_wage):
    add_makers(shawl, [("1200.00", "6")])

    html = client.get(f"/ur{shawl.url}").content.decode()

    assert 'data-testid="price-split"' in html and LABEL in html
    assert 'lang="ur"' in html and "Pays at least the minimum wage" not in html


@pytest.mark.parametrize(
    ("price", "percent", "rates"),
    [("4500.00", "10", ["1200.00"]), ("999.99", "12.5", ["333.33", "0.01"]), ("1.00", "0", [])],
)
def test_a_split_adds_up_to_the_price(price, percent, rates):
    makers, group, commission = price_split(
        price=Decimal(price),
        commission_percent=Decimal(percent),
        piece_rates=[Decimal(r) for r in rates],
    )
    assert makers + group + commission == Decimal(price)


def test_unknown_when_nothing_is_known():
    from catalog.makers.selectors import fair_wage_check

    assert fair_wage_check([], None).status == FairWageStatus.UNKNOWN


def test_finance_keeps_the_minimum_wage_table_and_a_groups_staff_cannot(client, shawl):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    finance = UserFactory(username="finance-wages")
    finance.groups.add(Group.objects.get(name="Finance"))
    client.force_login(finance)
    listing = client.get("/admin/minimum_wage/")
    assert listing.status_code == 200 and "EXAMPLE" in listing.content.decode()

    client.force_login(make_staff(shawl.producer_group))
    assert client.get("/admin/minimum_wage/").status_code in (302, 403)


def test_a_minimum_wage_raised_in_the_admin_shows_at_once(client, shawl, punjab_wage):
    add_makers(shawl, [("2000.00", "10")])  # Rs 200 an hour: exactly the minimum
    assert LABEL in page(client, shawl)  # (the page and the wage rows are now cached)

    punjab_wage.monthly_amount = Decimal("52000")  # Rs 250 an hour
    punjab_wage.save()

    assert LABEL not in page(client, shawl)
    assert minimum_wage_for(country="PK", province="Punjab").monthly_amount == Decimal("52000")
