"""The shop search's query plan on the bench database: `python -m bench.search_plan WORDS`, run
with the bench's environment, prints one JSON line: the SQL the search ran and its
`EXPLAIN (ANALYZE, BUFFERS)`, and whether the plan reads the search's GIN index
(catalog/migrations/0009_search_gin_index.py)."""

import json
import sys

GIN_INDEX = "catalog_search_entry_vector_gin"


def search_plan(words: str) -> dict:
    """Runs the shop's search for `words` (catalog.selectors.product_search_ids), captures the
    full-text statement it sends and explains it. PostgreSQL only."""
    from django.db import connection

    from catalog.selectors import product_search_ids

    statements: list[tuple[str, tuple]] = []

    def capture(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        matches = len(product_search_ids(words))
    sql, params = next((s, p) for s, p in statements if "@@" in s)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    return {
        "words": words,
        "matches": matches,
        "plan": plan,
        "uses_gin_index": any(GIN_INDEX in line for line in plan),
    }


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(search_plan(" ".join(sys.argv[1:]) or "ralli")))
