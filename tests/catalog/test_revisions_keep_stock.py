"""Stock and variant identity live outside page revisions: no revision operation touches them."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog.models import ProductVariant
from catalog.services import stock_adjust
from tests.factories import make_group, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(site_tree):
    return make_product(make_group(), "Ajrak shawl", price="3200.00", stock=5)


def test_publishing_an_old_revision_keeps_current_stock_and_variants(product):
    old_revision = product.latest_revision
    variant = product.variants.get()
    stock_adjust(variant_id=variant.pk, delta=-3, reason="sale")
    added = ProductVariant.objects.create(product=product, sku="AJRAK-NEW", price=3500, stock=7)

    product.title = "Ajrak shawl, indigo"
    product.save_revision().publish()
    old_revision.publish()  # what the admin's "revert" then "publish" does

    product.refresh_from_db()
    assert product.title == "Ajrak shawl"  # the revert itself worked
    assert ProductVariant.objects.get(pk=variant.pk).stock == 2
    assert ProductVariant.objects.get(pk=added.pk).stock == 7
    assert product.variants.count() == 2


def test_reverting_through_a_revision_copy_keeps_stock(product):
    variant = product.variants.get()
    first = product.latest_revision
    product.title = "Renamed"
    product.save_revision().publish()
    stock_adjust(variant_id=variant.pk, delta=+10, reason="staff_count")

    first.as_object().save_revision().publish()

    assert ProductVariant.objects.get(pk=variant.pk).stock == 15
    assert ProductVariant.objects.filter(product=product).count() == 1


def test_scheduled_publication_keeps_stock(product):
    variant = product.variants.get()
    product.title = "Ajrak shawl (new season)"
    product.go_live_at = timezone.now() + timedelta(minutes=5)
    product.save_revision().publish()  # schedules, does not publish yet
    stock_adjust(variant_id=variant.pk, delta=-5, reason="sale")

    revision = product.revisions.order_by("-created_at").first()
    type(revision).objects.filter(pk=revision.pk).update(
        approved_go_live_at=timezone.now() - timedelta(seconds=1)
    )
    call_command("publish_scheduled", verbosity=0)

    product.refresh_from_db()
    assert product.title == "Ajrak shawl (new season)"
    assert ProductVariant.objects.get(pk=variant.pk).stock == 0


def test_revision_content_has_no_stock_or_variants(product):
    content = product.latest_revision.content
    assert "variants" not in content
    assert "stock" not in str(content)


def test_stock_never_goes_negative(product):
    from catalog.services import StockError

    variant = product.variants.get()
    with pytest.raises(StockError):
        stock_adjust(variant_id=variant.pk, delta=-6, reason="sale")
    assert ProductVariant.objects.get(pk=variant.pk).stock == 5
