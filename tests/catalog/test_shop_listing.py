"""The /shop/ listing: combinable filters, sorting, search, pagination, hostile parameters."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Technique
from catalog.services import VariantEdit, variants_save
from tests.cards import card_titles
from tests.factories import CraftCategoryFactory, TechniqueFactory, make_group, make_product

pytestmark = pytest.mark.django_db


def titles(response):
    return card_titles(response)


@pytest.fixture
def catalog(site_tree):
    lahore = make_group("Lahore Embroiderers Union", province="Punjab", district="Lahore")
    mithi = make_group("Thar Ralli Cooperative", province="Sindh", district="Tharparkar")
    embroidery = CraftCategoryFactory(name="Embroidery", slug="embroidery")
    quilts = CraftCategoryFactory(name="Ralli quilts", slug="ralli-quilts")
    mirror = TechniqueFactory(name="Mirror work", slug="mirror-work")
    shawl = make_product(lahore, "Phulkari shawl", price="5200", category=embroidery)
    shawl.techniques.add(mirror)
    shawl.save_revision().publish()
    make_product(lahore, "Kurta with tilla", price="2500", category=embroidery, stock=0)
    make_product(mithi, "Ralli quilt", price="9800", category=quilts)
    make_product(mithi, "Ralli cushion", price="1500", category=quilts)
    return {"lahore": lahore, "mithi": mithi}


FILTER_CASES = [
    ("", {"Phulkari shawl", "Kurta with tilla", "Ralli quilt", "Ralli cushion"}),
    ("category=embroidery", {"Phulkari shawl", "Kurta with tilla"}),
    ("technique=mirror-work", {"Phulkari shawl"}),
    ("group=thar-ralli-cooperative", {"Ralli quilt", "Ralli cushion"}),
    ("province=Sindh", {"Ralli quilt", "Ralli cushion"}),
    ("district=Lahore", {"Phulkari shawl", "Kurta with tilla"}),
    ("min_price=2000&max_price=6000", {"Phulkari shawl", "Kurta with tilla"}),
    ("in_stock=on", {"Phulkari shawl", "Ralli quilt", "Ralli cushion"}),
    ("category=embroidery&in_stock=on&max_price=6000", {"Phulkari shawl"}),
    ("province=Sindh&max_price=2000", {"Ralli cushion"}),
    ("q=ralli", {"Ralli quilt", "Ralli cushion"}),
    ("q=phulkari&category=quilts", {"Phulkari shawl"}),  # unknown craft is ignored, reported
]


def test_filters_combine(client, catalog):
    # One catalog for every case: building it is the slow part.
    for query, expected in FILTER_CASES:
        response = client.get(f"/shop/?{query}")
        assert response.status_code == 200, query
        assert set(titles(response)) == expected, query


SORT_CASES = [
    ("price_asc", ["Ralli cushion", "Kurta with tilla", "Phulkari shawl", "Ralli quilt"]),
    ("price_desc", ["Ralli quilt", "Phulkari shawl", "Kurta with tilla", "Ralli cushion"]),
    ("newest", ["Ralli cushion", "Ralli quilt", "Phulkari shawl", "Kurta with tilla"]),
]


def test_sorting(client, catalog):
    for sort, expected in SORT_CASES:
        assert titles(client.get(f"/shop/?sort={sort}")) == expected, sort


def test_pagination_keeps_filters(client, catalog, settings):
    settings.SHOP_PAGE_SIZE = 1
    first = client.get("/shop/?category=embroidery&sort=price_asc")
    assert titles(first) == ["Kurta with tilla"]
    assert "category=embroidery" in first.content.decode().split('rel="next"')[1][:200]
    second = client.get("/shop/?category=embroidery&sort=price_asc&page=2")
    assert titles(second) == ["Phulkari shawl"]


HOSTILE_QUERIES = [
    "min_price=abc",
    "min_price=1e400",
    "max_price=-5",
    "min_price=900&max_price=100",
    "page=abc",
    "page=-1",
    "page=99999999999999999999",
    "category=%00",
    "q=%00%01",
    "q=" + "x" * 5000,
    "sort=;drop table",
    "group[]=1&group=2",
    "in_stock=maybe",
    "province=<script>",
]


def test_hostile_parameters_give_a_normal_page(client, catalog):
    for query in HOSTILE_QUERIES:
        response = client.get(f"/shop/?{query}")
        assert response.status_code == 200, query
        assert "<script>" not in response.content.decode().split("<main", 1)[1], query


def test_invalid_price_is_reported_to_the_buyer(client, catalog):
    html = client.get("/shop/?min_price=abc&category=embroidery").content.decode()
    assert "Enter a number." in html
    assert "Phulkari shawl" in html  # the valid filter still applies


def test_unpublished_product_is_not_listed(client, catalog):
    quilt = catalog["mithi"].get_children().get(title="Ralli quilt").specific
    quilt.unpublish()
    assert "Ralli quilt" not in titles(client.get("/shop/"))


def test_group_page_lists_only_its_products(client, catalog):
    response = client.get(catalog["mithi"].url)
    assert set(card_titles(response)) == {
        "Ralli quilt",
        "Ralli cushion",
    }


def test_head_request_and_post_are_handled(client, catalog):
    assert client.head("/shop/").status_code == 200
    assert client.post("/shop/").status_code == 405


@pytest.mark.parametrize("listing", ["shop", "group page"])
def test_listing_query_count_does_not_grow_with_products_shown(
    client, site_tree, settings, listing
):
    """10 or 30 products on one page cost the same number of queries."""
    from django.core.cache import cache

    settings.SHOP_PAGE_SIZE = 200
    group = make_group()
    category = CraftCategoryFactory(name="Pottery", slug="pottery")
    url = "/shop/" if listing == "shop" else group.url

    def count_queries():
        client.get(url)  # renders missing image renditions once
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(response.context["products"]), len(queries)

    for index in range(10):
        make_product(group, f"Pot {index}", category=category)
    shown_small, queries_small = count_queries()
    for index in range(10, 30):
        make_product(group, f"Pot {index}", category=category)
    shown_large, queries_large = count_queries()

    assert (shown_small, shown_large) == (10, 30)
    assert queries_large == queries_small, (queries_small, queries_large)


def test_chosen_filters_stay_selected_in_the_form(client, catalog):
    html = client.get("/shop/?group=thar-ralli-cooperative&province=Sindh").content.decode()
    assert '<option value="thar-ralli-cooperative" selected>Thar Ralli Cooperative</option>' in html
    assert '<option value="Sindh" selected>Sindh</option>' in html
    assert '<option value="lahore-embroiderers-union">Lahore Embroiderers Union</option>' in html


def test_with_many_groups_the_group_filter_is_kept_but_not_listed(client, catalog, monkeypatch):
    from catalog import selectors

    monkeypatch.setattr(selectors, "MAX_GROUPS_IN_SELECT", 1)
    response = client.get("/shop/?group=thar-ralli-cooperative")
    html = response.content.decode()
    assert '<input type="hidden" name="group" value="thar-ralli-cooperative"' in html
    assert "Lahore Embroiderers Union</option>" not in html
    assert set(titles(response)) == {"Ralli quilt", "Ralli cushion"}
    # No listing reads the groups when there are too many to list: a shop page costs the
    # same with 50 groups or 5,000.
    assert selectors.shop_filter_choices()["groups"] is None


@pytest.mark.parametrize("chosen", ["no-such-group", "<b>not a slug</b>", "x" * 300])
def test_with_many_groups_a_group_that_cannot_be_chosen_filters_nothing_as_with_few(
    client, catalog, monkeypatch, chosen
):
    from catalog import selectors

    unfiltered = set(titles(client.get("/shop/")))
    listed = set(titles(client.get("/shop/", {"group": chosen})))
    monkeypatch.setattr(selectors, "MAX_GROUPS_IN_SELECT", 1)
    cache.clear()
    not_listed = client.get("/shop/", {"group": chosen})
    assert listed == set(titles(not_listed)) == unfiltered
    assert not_listed.context["form"].errors["group"]


def count_line(response) -> str:
    html = response.content.decode()
    start = html.index('<p class="count">')
    return html[start : html.index("</p>", start)].removeprefix('<p class="count">')


def test_a_listing_is_read_once_and_again_when_what_it_holds_changes(client, catalog, settings):
    settings.PAGE_CACHE_SECONDS = 0  # every request rendered: the kept count is under test
    assert count_line(client.get("/shop/?category=ralli-quilts")) == "2 products"
    with CaptureQueriesContext(connection) as queries:
        client.get("/shop/?category=ralli-quilts&page=1")  # its rows and cards are kept
    assert not any("catalog_productlisting" in query["sql"] for query in queries)

    make_product(catalog["mithi"], "Ralli bedspread", price="12000")  # of the same craft

    assert count_line(client.get("/shop/?category=ralli-quilts")) == "3 products"
    assert count_line(client.get("/shop/?category=embroidery")) == "2 products"
    quilt = catalog["mithi"].get_children().get(title="Ralli quilt").specific
    quilt.unpublish()
    assert count_line(client.get("/shop/?category=ralli-quilts")) == "2 products"


def test_a_group_page_counts_again_when_its_products_change(client, catalog, settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.SHOP_PAGE_SIZE = 2
    mithi = catalog["mithi"]
    assert client.get(mithi.url).context["products"].paginator.num_pages == 1

    make_product(mithi, "Ralli bedspread", price="12000")

    second = client.get(mithi.url, {"page": 2})
    assert second.context["products"].number == 2
    assert len(card_titles(second)) == 1


def test_a_technique_given_in_a_publish_reaches_the_kept_listing(client, catalog, settings):
    settings.PAGE_CACHE_SECONDS = 0
    assert titles(client.get("/shop/?technique=mirror-work")) == ["Phulkari shawl"]
    quilt = catalog["mithi"].get_children().get(title="Ralli quilt").specific
    quilt.techniques.add(Technique.objects.get(slug="mirror-work"))
    quilt.save_revision().publish()

    assert set(titles(client.get("/shop/?technique=mirror-work"))) == {
        "Phulkari shawl",
        "Ralli quilt",
    }


def test_a_price_change_reorders_the_kept_listing(client, catalog, settings):
    settings.PAGE_CACHE_SECONDS = 0
    assert titles(client.get("/shop/?sort=price_asc"))[0] == "Ralli cushion"
    quilt = catalog["mithi"].get_children().get(title="Ralli quilt").specific
    variant = quilt.variants.get()
    variant.price = Decimal("900")
    variants_save(product=quilt, edits=[VariantEdit(variant, True, variant.stock, variant.stock)])

    assert titles(client.get("/shop/?sort=price_asc"))[0] == "Ralli quilt"


def test_a_parameter_the_form_does_not_know_reads_the_same_kept_listing(client, catalog, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/shop/?category=embroidery")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/shop/?utm_source=newsletter&category=embroidery")
    assert set(titles(response)) == {"Phulkari shawl", "Kurta with tilla"}
    assert not any("catalog_productlisting" in query["sql"] for query in queries)
