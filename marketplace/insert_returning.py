"""INSERT ... ON CONFLICT DO NOTHING RETURNING, written with Django's public APIs only.

`bulk_create(ignore_conflicts=True)` returns no ids, so a caller that must know which rows it
wrote would need a look-up before and a read-back after. PostgreSQL and SQLite (3.35+) both
answer `ON CONFLICT DO NOTHING RETURNING` with the rows written, so one statement does it.
This replaces `QuerySet._insert` (private, and its arguments changed between Django releases).
"""

from collections.abc import Sequence
from typing import Any

from django.db import connections, router
from django.db.models import Model

# SQLite accepts 32,766 parameters a statement; PostgreSQL 65,535. Rows go in chunks well below.
ROWS_PER_STATEMENT = 200


def insert_new_rows(objects: Sequence[Model], *, returning: Sequence[str]) -> list[tuple[Any, ...]]:
    """Insert `objects` (one model, primary keys not set), skipping any that would break a
    unique constraint; returns the `returning` fields' values of the rows written, in order.

    Values are prepared as save() prepares them (Field.pre_save, which also sets
    `auto_now_add` fields on the objects, then get_db_prep_save)."""
    if not objects:
        return []
    model = type(objects[0])
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    columns = ", ".join(quote(str(field.column)) for field in fields)
    by_name = {field.name: field for field in meta.concrete_fields}
    returned = ", ".join(quote(str(by_name[name].column)) for name in returning)
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    written: list[tuple[Any, ...]] = []
    for start in range(0, len(objects), ROWS_PER_STATEMENT):
        chunk = objects[start : start + ROWS_PER_STATEMENT]
        params = [
            field.get_db_prep_save(field.pre_save(instance, True), connection)
            for instance in chunk
            for field in fields
        ]
        sql = (
            f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608 (quoted names)
            f"VALUES {', '.join([one_row] * len(chunk))} "
            f"ON CONFLICT DO NOTHING RETURNING {returned}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            written.extend(tuple(row) for row in cursor.fetchall())
    return written
