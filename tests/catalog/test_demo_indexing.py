"""A bulk load (catalog/demo/indexing.py) indexes what it saved once, at the end, not on every
save: with the project's own search-index handler (marketplace/search_index_upkeep.py) too."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.demo.indexing import index_updates_batched
from catalog.models import ProductPage
from tests.factories import make_group, make_product

pytestmark = pytest.mark.django_db


def search_index_writes(queries) -> list[str]:
    return [
        query["sql"]
        for query in queries.captured_queries
        if "indexentry" in query["sql"].lower()
        and query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def test_products_saved_in_a_bulk_load_are_indexed_once_at_its_end(site_tree):
    group = make_group()
    with index_updates_batched():
        with CaptureQueriesContext(connection) as inside:
            make_product(group, "Chunri scarf")
            make_product(group, "Phulkari shawl")
        assert search_index_writes(inside) == []
        assert not ProductPage.objects.live().search("chunri")

    assert [page.title for page in ProductPage.objects.live().search("chunri")] == ["Chunri scarf"]
    assert [page.title for page in ProductPage.objects.live().search("phulkari")] == [
        "Phulkari shawl"
    ]
