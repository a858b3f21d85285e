"""The listing summary (price from, in stock, card photo) follows the services that change
what it summarises, in the same transaction, and the rebuild command gives the same rows."""

import io

import pytest
from django.core.management import call_command

from catalog.listing_summary import listing_summaries_rebuild
from catalog.models import ProductImage, ProductListing, ProductVariant
from catalog.services import VariantEdit, stock_adjust, variants_save
from tests.cards import card_titles
from tests.factories import ImageFactory, make_group, make_product

pytestmark = pytest.mark.django_db


def titles(response):
    return card_titles(response)


@pytest.fixture
def group(site_tree):
    return make_group()


def summary(product):
    return ProductListing.objects.get(product=product)


def test_selling_out_and_restocking_move_the_product_in_the_listing(client, group):
    older = make_product(group, "Older shawl", stock=4)
    newer = make_product(group, "Newer shawl", stock=1)
    variant = newer.variants.get()

    stock_adjust(variant_id=variant.pk, delta=-1, reason="sale")
    assert summary(newer).in_stock is False
    assert titles(client.get("/shop/")) == ["Older shawl", "Newer shawl"]
    assert titles(client.get("/shop/?in_stock=on")) == ["Older shawl"]

    stock_adjust(variant_id=variant.pk, delta=+8, reason="staff_count")
    assert (summary(newer).in_stock, summary(newer).stock_band) == (True, None)
    assert summary(older).stock_band == 4
    assert titles(client.get("/shop/")) == ["Newer shawl", "Older shawl"]


def test_prices_and_variants_saved_on_the_stock_screen_change_price_from(client, group):
    product = make_product(group, "Ajrak", price="3000", variants=2)  # 3000 and 3001
    cheaper, dearer = product.variants.order_by("price")
    cheaper.is_active = False
    added = ProductVariant(sku="AJRAK-SMALL", price=2500, stock=0)

    variants_save(
        product=product,
        edits=[
            VariantEdit(cheaper, True, cheaper.stock, cheaper.stock),
            VariantEdit(added, False, 0),
        ],
    )

    assert summary(product).price_from == 2500
    html = client.get("/shop/").content.decode()
    assert "from Rs 2,500" in html


def test_publishing_a_new_first_photo_changes_the_card(client, group):
    product = make_product(group, "Khussa")
    photo = ImageFactory(collection=group.collection, title="gold khussa")
    product.gallery_images = [ProductImage(image=photo, alt_text="Gold khussa")]
    product.save_revision().publish()

    assert (summary(product).card_image_id, summary(product).card_image_alt) == (
        photo.pk,
        "Gold khussa",
    )
    assert 'alt="Gold khussa"' in client.get("/shop/").content.decode()


def test_rebuild_gives_the_rows_the_services_keep(group):
    products = [make_product(group, f"Pot {index}", stock=index, variants=2) for index in range(4)]
    stock_adjust(variant_id=products[1].variants.first().pk, delta=-1, reason="sale")
    kept = {row.pk: row for row in ProductListing.objects.all()}
    fields = ["on_sale", "price_from", "in_stock", "stock_band", "card_image_id", "published_at"]
    ProductListing.objects.all().delete()

    call_command("listing_summaries_rebuild", stdout=io.StringIO())

    rebuilt = {row.pk: row for row in ProductListing.objects.all()}
    assert rebuilt.keys() == kept.keys()
    for pk, row in rebuilt.items():
        assert [getattr(row, f) for f in fields] == [getattr(kept[pk], f) for f in fields], pk
    assert listing_summaries_rebuild(product_ids=[products[0].pk]) == 1
