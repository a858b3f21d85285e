"""Wagtail's reference index (the admin's "used in" listings, and its warning before a used
photo or category is deleted) finds what the shop's pages use. Most tests switch its upkeep off
(tests/conftest.py); these keep it, so a model whose references Wagtail cannot read, or a save
that breaks its upkeep, fails here."""

import pytest
from wagtail.models import ReferenceIndex

from tests.factories import make_group, make_product

pytestmark = [pytest.mark.django_db, pytest.mark.reference_index]


def users_of(thing) -> set[tuple[type, int]]:
    return {
        (reference.content_type.model_class(), int(reference.object_id))
        for reference in ReferenceIndex.get_references_to(thing)
    }


def test_a_published_product_is_listed_where_its_photo_and_category_are_used(site_tree):
    product = make_product(make_group(), "Phulkari shawl")

    assert (type(product), product.pk) in users_of(product.gallery_images.get().image)
    assert (type(product), product.pk) in users_of(product.category)


def test_a_deleted_product_no_longer_uses_its_photo(site_tree):
    product = make_product(make_group(), "Ralli quilt")
    photo = product.gallery_images.get().image
    assert users_of(photo) == {(type(product), product.pk)}

    product.delete()

    assert users_of(photo) == set()
