"""Catalog search through Wagtail's search backend (SQLite here; PostgreSQL full-text in
test_search_postgres.py, which runs these same tests on a real PostgreSQL server)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cards import card_titles
from tests.factories import CraftCategoryFactory, make_group, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def searchable(site_tree):
    group = make_group("Bahawalpur Women Dyers", district="Bahawalpur")
    dyeing = CraftCategoryFactory(name="Chunri dyeing", slug="chunri-dyeing")
    pottery = CraftCategoryFactory(name="Blue pottery", slug="blue-pottery")
    make_product(group, "Tie-dyed chunri dupatta", category=dyeing, materials="cotton voile")
    make_product(group, "Chunri scarf", category=dyeing, materials="silk")
    make_product(group, "Blue pottery vase", category=pottery, materials="clay, cobalt glaze")
    return group


def search_titles(client, query):
    response = client.get("/shop/", {"q": query})
    assert response.status_code == 200
    return card_titles(response)


def test_search_finds_by_title_and_materials(client, searchable):
    assert set(search_titles(client, "chunri")) == {"Tie-dyed chunri dupatta", "Chunri scarf"}
    assert search_titles(client, "cobalt") == ["Blue pottery vase"]


def test_search_finds_by_producer_group_and_craft(client, searchable):
    assert len(search_titles(client, "Bahawalpur")) == 3
    assert search_titles(client, "pottery") == ["Blue pottery vase"]


def test_search_combines_with_filters(client, searchable):
    response = client.get("/shop/", {"q": "chunri", "max_price": "1", "min_price": "0"})
    assert card_titles(response) == []


def test_search_with_no_match_shows_the_empty_state(client, searchable):
    response = client.get("/shop/", {"q": "zzzzqqq"})
    assert card_titles(response) == []
    assert "No products match these filters" in response.content.decode()


def test_unpublished_products_are_not_found(client, searchable):
    vase = searchable.get_children().get(title="Blue pottery vase").specific
    vase.unpublish()
    assert search_titles(client, "cobalt") == []


def test_a_repeated_search_is_not_searched_again_and_a_publish_shows_at_once(
    client, settings, searchable
):
    settings.PAGE_CACHE_SECONDS = 0  # every request rendered: the kept matches are under test
    assert search_titles(client, "cobalt") == ["Blue pottery vase"]
    with CaptureQueriesContext(connection) as queries:
        assert search_titles(client, "  COBALT ") == ["Blue pottery vase"]
    assert not [query for query in queries if "indexentry" in query["sql"].lower()]

    # A product whose new text matches is found at once, and one added too.
    scarf = searchable.get_children().get(title="Chunri scarf").specific
    scarf.title = "Cobalt chunri scarf"
    scarf.save_revision().publish()
    assert set(search_titles(client, "cobalt")) == {"Blue pottery vase", "Cobalt chunri scarf"}

    make_product(searchable, "Painted bowl", materials="clay, cobalt glaze")
    assert len(search_titles(client, "cobalt")) == 3


def test_matches_are_listed_best_first_in_the_order_the_search_gave(searchable):
    from catalog.selectors import order_by_relevance, products_for_sale

    products = list(products_for_sale().order_by("pk"))
    best_first = [products[2].pk, products[0].pk, products[1].pk]

    ordered = order_by_relevance(products_for_sale().filter(pk__in=best_first), best_first)

    assert list(ordered.values_list("pk", flat=True)) == best_first
    # Once more on a copy made after the ordering (a filter), as the shop's filters do.
    assert (
        list(ordered.filter(pk__in=best_first[1:]).values_list("pk", flat=True)) == (best_first[1:])
    )
