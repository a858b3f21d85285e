"""The shop's search on PostgreSQL reads a GIN index (issue 17).

Wagtail's database search backend matches `(title || body) @@ to_tsquery(...)` on its index
entries, where the catalogue's searchable fields (product title, description, materials,
category and group names) are stored as two tsvectors. Wagtail indexes `title` and `body` each
with GIN, but not their concatenation, so every search read all the catalogue's entries. This
adds the GIN index on the expression the search filters by, and one on the product's id as
text, the key Wagtail joins its entries on (`object_id = page_ptr_id::varchar(50)`), so a search
costs the matches it finds, not the catalogue's size. PostgreSQL only (SQLite searches FTS5).
"""

from django.db import migrations

INDEXES = {
    "catalog_search_entry_vector_gin": (
        "wagtailsearch_indexentry USING gin ((title || body))"
    ),
    "catalog_product_id_as_text": (
        "catalog_productpage (((page_ptr_id)::varchar(50)))"
    ),
}


def indexes_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, target in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def indexes_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0008_group_contact_phone_e164"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(indexes_create, indexes_drop, elidable=False)]
