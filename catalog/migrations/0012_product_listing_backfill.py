"""Fill the listing summary of every existing product (catalog.listing_summary)."""

from django.db import migrations


def backfill(apps, schema_editor):
    from catalog.listing_summary import listing_summaries_rebuild

    listing_summaries_rebuild(
        models=(
            apps.get_model("catalog", "ProductPage"),
            apps.get_model("catalog", "ProductListing"),
            apps.get_model("catalog", "ProductVariant"),
            apps.get_model("catalog", "ProductImage"),
        )
    )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0011_product_listing_summary")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
