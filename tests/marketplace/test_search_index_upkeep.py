"""The search index is written again only when a save may have changed what it holds: saving a
draft or a lock does not rewrite a product's entry; a publish, and a save naming a searched
field, do (marketplace/search_index_upkeep.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import ProductPage
from tests.factories import CraftCategoryFactory, make_group, make_product

pytestmark = pytest.mark.django_db


def index_writes(action) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        action()
    return [
        query["sql"]
        for query in queries.captured_queries
        if "indexentry" in query["sql"].lower()
        and query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def found(text: str) -> list[str]:
    return [page.title for page in ProductPage.objects.live().search(text)]


def test_a_saved_draft_leaves_the_index_alone_and_its_publish_rewrites_it(site_tree):
    product = make_product(make_group(), "Phulkari shawl")
    product.title = "Chunri scarf"

    assert index_writes(product.save_revision) == []
    assert found("phulkari") == ["Phulkari shawl"] and found("chunri") == []

    revision = product.latest_revision
    assert index_writes(revision.publish)
    assert found("chunri") == ["Chunri scarf"] and found("phulkari") == []


def test_a_lock_leaves_the_index_alone(site_tree):
    product = make_product(make_group(), "Phulkari shawl")
    product.locked = True

    assert index_writes(lambda: product.save(update_fields=["locked"])) == []


def test_a_save_naming_a_searched_field_rewrites_the_index(site_tree):
    product = make_product(make_group(), "Phulkari shawl")
    product.description = "<p>Mirror work from Sindh.</p>"

    assert index_writes(lambda: product.save(update_fields=["description"]))
    assert found("mirror") == ["Phulkari shawl"]


def test_a_save_naming_a_searched_relation_by_its_column_rewrites_the_index(site_tree):
    product = make_product(make_group(), "Phulkari shawl")
    product.category = CraftCategoryFactory(name="Mirror work", slug="mirror-work")

    assert index_writes(lambda: product.save(update_fields=["category_id"]))
    assert found("mirror") == ["Phulkari shawl"]
