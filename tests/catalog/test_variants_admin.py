"""The 'Variants and stock' screen a producer group's staff use for their own products."""

import pytest

from catalog.models import ProductVariant
from tests.factories import make_group, make_product, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_product(site_tree):
    group = make_group()
    return make_product(group, "Phulkari dupatta", price="3000", stock=4), make_staff(group)


def formset_data(variant, **changes):
    row = {
        "variants-0-id": variant.pk,
        "variants-0-label": variant.label,
        "variants-0-sku": variant.sku,
        "variants-0-price": str(variant.price),
        "variants-0-stock": str(variant.stock),
        "variants-0-stock_shown": str(variant.stock),  # what the screen showed
        "variants-0-is_active": "on",
        "variants-0-sort_order": "0",
    }
    row.update({f"variants-0-{key}": value for key, value in changes.items()})
    return {
        "variants-TOTAL_FORMS": "1",
        "variants-INITIAL_FORMS": "1",
        "variants-MIN_NUM_FORMS": "0",
        "variants-MAX_NUM_FORMS": "1000",
        **row,
    }


def test_staff_update_stock_and_add_a_variant(client, own_product):
    product, staff = own_product
    client.force_login(staff)
    url = f"/admin/catalog/products/{product.pk}/variants/"
    assert client.get(url).status_code == 200
    variant = product.variants.get()
    data = formset_data(variant, stock="9")
    data.update(
        {
            "variants-TOTAL_FORMS": "2",
            "variants-1-label": "Large",
            "variants-1-sku": "phul-dup-l",
            "variants-1-price": "3500",
            "variants-1-stock": "2",
            "variants-1-is_active": "on",
            "variants-1-sort_order": "1",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert ProductVariant.objects.get(pk=variant.pk).stock == 9
    assert ProductVariant.objects.get(sku="PHUL-DUP-L").product_id == product.pk


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("stock", "-1", "greater than or equal to 0"),
        ("stock", "lots", "Enter a whole number."),
        ("price", "0", "greater than or equal to 1"),
        ("sku", "bad sku!", "capital letters, digits and dashes"),
    ],
)
def test_invalid_variant_is_refused_with_a_message(client, own_product, field, value, message):
    product, staff = own_product
    client.force_login(staff)
    variant = product.variants.get()
    response = client.post(
        f"/admin/catalog/products/{product.pk}/variants/", formset_data(variant, **{field: value})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ProductVariant.objects.get(pk=variant.pk).stock == 4
