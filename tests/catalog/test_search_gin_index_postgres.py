"""On PostgreSQL the shop's search reads the GIN index of catalog's migration 0009, so its cost
follows the matches, not the catalogue's size (issue 17)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from bench.search_plan import GIN_INDEX, search_plan
from catalog.models import ProductPage
from tests.factories import make_group, make_product

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

CATALOGUE_ENTRIES = 20_000


def test_a_rare_word_in_a_large_catalogue_is_found_through_the_gin_index(site_tree):
    group = make_group("Tharparkar Makers")
    for number in range(5):
        make_product(group, f"Ralli quilt no. {number}")
    # A large catalogue of other products' search entries (no pages: they never join), so
    # that reading every product's entry costs what it would on a real site.
    content_type = ContentType.objects.get_for_model(ProductPage)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO wagtailsearch_indexentry (content_type_id, object_id, title_norm, "
            "autocomplete, title, body, title_text, body_text) "
            "SELECT %s, 'elsewhere-' || n, 1.0, ''::tsvector, "
            "to_tsvector('Block printed shawl ' || n), to_tsvector('cotton, hand made'), '', '' "
            "FROM generate_series(1, %s) AS n",
            [content_type.pk, CATALOGUE_ENTRIES],
        )
        cursor.execute("ANALYZE wagtailsearch_indexentry")
        # The pages of this test are few, so the planner would rather walk them and look each
        # one's entry up; on a real catalogue the pages are as many as the entries. Joins by
        # hash (for this transaction only) leave the question: how are the matching entries
        # found, by reading every product's entry, or from the GIN index?
        cursor.execute("SET LOCAL enable_nestloop = off")
        cursor.execute("SET LOCAL enable_seqscan = off")

    found = search_plan("ralli")

    assert found["matches"] == 5
    assert found["uses_gin_index"], "\n".join(found["plan"])
    assert any(GIN_INDEX in line and "Index Scan" in line for line in found["plan"])
