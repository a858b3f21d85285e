"""Whatever a buyer types into the shop's search box, the shop answers (never a 500).

SQLite's FTS5 fallback parses the query as its own little language: a lone double quote,
a bare `NEAR(` or `AND` used to be a syntax error that escaped as a server error.
"""

import pytest

from tests.cards import card_titles
from tests.factories import CraftCategoryFactory, make_group, make_product

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    '"',
    '"chunri',
    "'",
    "\\",
    "*",
    "chunri*",
    "AND",
    "OR",
    "NOT",
    "chunri AND",
    "NEAR(",
    "NEAR(chunri scarf)",
    "(",
    ")",
    "(chunri",
    "chunri))",
    "^",
    ":",
    "title:chunri",
    "-",
    "+",
    "{chunri}",
    "%",
    "_",
    "\x00",
    "چنری",
    "chunri " * 400,
    "x" * 5000,
    "a " * 1000,
    "a-" * 1000,
    '"a" ' * 300,
]


@pytest.fixture
def searchable(site_tree):
    group = make_group("Bahawalpur Women Dyers", district="Bahawalpur")
    dyeing = CraftCategoryFactory(name="Chunri dyeing", slug="chunri-dyeing")
    make_product(group, "Chunri scarf", category=dyeing, materials="silk")
    return group


def test_any_search_text_gives_the_shop_page(client, searchable):
    statuses = {query: client.get("/shop/", {"q": query}).status_code for query in HOSTILE_QUERIES}

    assert {query: status for query, status in statuses.items() if status != 200} == {}


def test_any_search_text_gives_the_admin_page_search(client, searchable):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("root", "", "x"))
    statuses = {
        query: client.get("/admin/pages/search/", {"q": query}).status_code
        for query in HOSTILE_QUERIES
    }

    assert {query: status for query, status in statuses.items() if status != 200} == {}


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_a_lone_double_quote_gives_the_shop_page_sorted_either_way(client, searchable, sort):
    response = client.get("/shop/?q=%22&sort=" + sort)

    assert response.status_code == 200


def test_quotes_around_a_word_still_find_it(client, searchable):
    response = client.get("/shop/", {"q": '"chunri"'})

    assert card_titles(response) == ["Chunri scarf"]
