"""On PostgreSQL the shop's search reads the GIN index of catalog's migration 0009, so its cost
follows the matches, not the catalogue's size (issue 17)."""

import pytest
from django.db import connection

from bench.search_plan import GIN_INDEX, search_plan
from tests.factories import CraftCategoryFactory, make_group, make_product

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_the_search_statement_is_answered_from_the_gin_index(site_tree):
    group = make_group("Tharparkar Makers")
    printing = CraftCategoryFactory(name="Block printing", slug="block-printing")
    for number in range(30):
        if number % 3:
            make_product(group, f"Ralli quilt no. {number}")
        else:
            make_product(group, f"Printed shawl no. {number}", category=printing)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        # A tiny table is cheapest to read whole; the question is whether the index can serve.
        cursor.execute("SET enable_seqscan = off")
    try:
        found = search_plan("ralli")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_seqscan")

    assert found["matches"] == 20
    assert found["uses_gin_index"], "\n".join(found["plan"])
    assert any(GIN_INDEX in line and "Index Scan" in line for line in found["plan"])
