"""Market information: signals counted outside the page cache without a database write, day
counters copied into daily rows idempotently, and screens that show a group only aggregates
and its own products."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from catalog.market.services import market_counters_copy, product_sales_record
from catalog.models import ProductDayStats, SearchTermDay
from catalog.services import stock_adjust
from catalog.tasks import copy_market_counters
from marketplace.market_counters import counter_store
from marketplace.market_signals import SIGNALS_HEADER, search_term_normalise
from tests.catalog.two_groups import B_PRODUCT_TITLE, two_groups
from tests.factories import CraftCategoryFactory, UserFactory, make_group, make_product
from tests.orders.conftest import add_to_cart

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_counters(settings):
    settings.MARKET_COUNTERS_URL = ""  # this process's memory (Redis: the redis-marked test)
    counter_store().clear()
    yield
    counter_store().clear()


def today_counts() -> dict[str, int]:
    return counter_store().counts(timezone.localdate().isoformat())


@pytest.fixture
def product(site_tree):
    return make_product(make_group(), "Khussa pair", price="2400", stock=3)


def test_views_served_from_the_page_cache_are_counted_without_a_query(
    client, product, django_assert_num_queries
):
    assert client.get(product.url)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get(product.url)
    assert response["X-Page-Cache"] == "hit"
    assert SIGNALS_HEADER not in response  # never leaves the site
    assert today_counts() == {f"view:{product.pk}": 2}


def test_urdu_page_counts_for_its_source_product(client, product):
    client.get(f"/ur{product.url}")
    assert today_counts()[f"view:{product.pk}"] == 1


def test_views_while_out_of_stock_are_counted_apart(client, product):
    client.get(product.url)
    stock_adjust(variant_id=product.variants.get().pk, delta=-3, reason="sale")
    client.get(product.url)
    client.get(product.url)
    counts = today_counts()
    assert (counts[f"view:{product.pk}"], counts[f"out_of_stock_view:{product.pk}"]) == (3, 2)


def test_add_to_cart_is_counted(client, product):
    add_to_cart(client, product.variants.get())
    assert today_counts() == {f"cart:{product.pk}": 1}


def test_searches_are_counted_by_language_with_their_results(client, product):
    client.get("/shop/", {"q": "  Ajrak   SHAWL "})
    client.get("/ur/shop/", {"q": "اجرک"})
    client.get("/shop/", {"q": "khussa"})  # finds the product: not unmet with MARKET_FEW=2
    counts = today_counts()
    assert counts["search:en:ajrak shawl"] == 1
    assert counts["zero:en:ajrak shawl"] == counts["unmet:en:ajrak shawl"] == 1
    assert counts["zero:ur:اجرک"] == 1
    assert counts["search:en:khussa"] == 1 and "zero:en:khussa" not in counts


@pytest.mark.parametrize(
    "typed", ["0300 1234567", "order CM-2041", "ayesha@example.org", "قالین ۳", "a@b"]
)
def test_search_terms_with_digits_or_at_signs_are_never_kept(client, site_tree, typed):
    client.get("/shop/", {"q": typed})
    client.get("/shop/", {"q": typed})  # the cached copy too
    assert today_counts() == {}
    assert search_term_normalise(typed) is None


def test_copying_a_day_twice_counts_nothing_twice(client, product):
    for _visit in range(3):
        client.get(product.url)
    client.get("/shop/", {"q": "chunri"})
    copy_market_counters()
    copy_market_counters()
    day = timezone.localdate()
    assert ProductDayStats.objects.get(product=product, day=day).views == 3
    assert SearchTermDay.objects.get(day=day, term="chunri").searches == 1
    client.get(product.url)  # a later view: the next copy writes the new total
    market_counters_copy(day=day)
    assert ProductDayStats.objects.get(product=product, day=day).views == 4
    assert ProductDayStats.objects.count() == 1


def test_sales_copy_keeps_counted_views_and_resets_cancelled_sales(product):
    day = timezone.localdate()
    ProductDayStats.objects.create(product=product, day=day, views=7)
    product_sales_record(day=day, sales={product.pk: (2, Decimal("4800.00"))})
    product_sales_record(day=day, sales={product.pk: (2, Decimal("4800.00"))})
    row = ProductDayStats.objects.get(product=product, day=day)
    assert (row.views, row.units_sold, row.sales_amount) == (7, 2, Decimal("4800.00"))
    product_sales_record(day=day, sales={})  # the order was cancelled
    row.refresh_from_db()
    assert (row.views, row.units_sold) == (7, 0)


def search_from(address: str, term: str) -> None:
    Client(REMOTE_ADDR=address).get("/shop/", {"q": term})


def test_a_term_is_shown_only_once_enough_different_people_searched_for_it(
    client, settings, site_tree
):
    settings.MARKET_TERM_MIN_SEARCHERS = 3
    group = make_group("Multan Blue Pottery Union")
    staff = UserFactory(username="multan-staff")
    staff.groups.add(group.staff_group)
    for _again in range(5):
        search_from("10.0.0.1", "blue pottery vase")  # one person, many times
    search_from("10.0.0.2", "blue pottery vase")
    market_counters_copy(day=timezone.localdate())
    client.force_login(staff)
    assert "blue pottery vase" not in client.get("/admin/market-information/").content.decode()

    search_from("10.0.0.3", "blue pottery vase")
    market_counters_copy(day=timezone.localdate())
    page = client.get("/admin/market-information/").content.decode()
    assert "blue pottery vase" in page


def sell(*sales: tuple, days_ago: int = 1) -> None:
    """Yesterday's sales, all of them: (product, units, unit price) each."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    product_sales_record(
        day=day,
        sales={product.pk: (units, Decimal(price) * units) for product, units, price in sales},
    )


def test_group_staff_see_aggregates_and_only_their_own_products(client, site_tree, settings):
    settings.MARKET_MIN_GROUPS_PER_CELL = 2
    world = two_groups()
    day = timezone.localdate()
    ProductDayStats.objects.create(product=world.product_a, day=day, views=11, add_to_carts=4)
    ProductDayStats.objects.create(product=world.product_b, day=day, views=99, add_to_carts=42)
    # Shawls: both groups sold in the 1,000-2,999 band (shown); only B above 10,000 (hidden).
    shawls = CraftCategoryFactory(name="Shawls", slug="shawls")
    shawl_a = make_product(world.group_a, "Sialkot shawl", category=shawls, price="2000")
    shawl_b = make_product(world.group_b, "Chunri shawl", category=shawls, price="2500")
    rare_b = make_product(world.group_b, "Wedding chunri", category=shawls, price="25000")
    sell((shawl_a, 3, "2000"), (shawl_b, 5, "2500"), (rare_b, 1, "25000"))

    client.force_login(world.staff_a)
    response = client.get("/admin/market-information/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sialkot khussa" in page and "Sialkot shawl" in page
    for leak in (B_PRODUCT_TITLE, "Chunri shawl", "Wedding chunri", "Bahawalpur", ">99<", ">42<"):
        assert leak not in page, leak
    crafts = response.context["selling_crafts"]
    assert [(c.craft, c.units_by_band) for c in crafts] == [("Shawls", [None, 8, None, None])]

    # Asking for the other group's figures shows one's own, never B's.
    page_b = client.get("/admin/market-information/", {"group": world.group_b.pk})
    assert page_b.context["group"] == world.group_a
    assert B_PRODUCT_TITLE not in page_b.content.decode()


def test_platform_staff_choose_any_group(client, site_tree):
    world = two_groups()
    admin = UserFactory(username="platform-admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get("/admin/market-information/", {"group": world.group_b.pk})
    assert response.context["group"] == world.group_b
    assert B_PRODUCT_TITLE in response.content.decode()


def test_people_without_a_group_cannot_open_the_screen(client, site_tree):
    user = UserFactory(username="editor-without-group", is_staff=True)
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/market-information/").status_code in (302, 403)


def test_out_of_stock_products_people_look_at_are_listed(client, site_tree):
    world = two_groups()
    variant_ids = list(world.product_a.variants.values_list("pk", flat=True))
    for variant_id in variant_ids:
        stock = world.product_a.variants.get(pk=variant_id).stock
        stock_adjust(variant_id=variant_id, delta=-stock, reason="sale")
    anonymous = Client()
    anonymous.get(world.product_a.url)
    anonymous.get(world.product_b.url)
    market_counters_copy(day=timezone.localdate())
    client.force_login(world.staff_a)
    response = client.get("/admin/market-information/")
    watched = list(response.context["out_of_stock"])
    assert [(p.title, p.watched) for p in watched] == [("Sialkot khussa", 1)]


def test_the_screen_costs_the_same_queries_however_many_products(client, site_tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = two_groups()
    client.force_login(world.staff_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/market-information/").status_code == 200
        return len(captured)

    client.get("/admin/market-information/")  # warm the per-process caches
    before = queries()
    for index in range(4):
        product = make_product(world.group_a, f"Sialkot cushion {index}", price="1500")
        ProductDayStats.objects.create(product=product, day=timezone.localdate(), views=index)
    assert queries() == before
