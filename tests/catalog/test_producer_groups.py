"""Producer group provisioning and what a group's public page shows (and never shows)."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from catalog.services import producer_group_provision
from tests.factories import make_group, make_product

pytestmark = pytest.mark.django_db


def test_provisioning_creates_staff_group_collection_and_permissions(site_tree):
    group = make_group("Multan Khussa Makers", contact_phone="+92 300 1234567")
    assert group.staff_group.name.startswith("Producer group staff: Multan Khussa Makers")
    assert group.collection.get_parent() == Collection.get_first_root_node()
    page_perms = set(
        GroupPagePermission.objects.filter(group=group.staff_group, page=group).values_list(
            "permission__codename", flat=True
        )
    )
    assert page_perms == {"add_page", "change_page"}  # publishing stays with moderators
    image_perms = set(
        GroupCollectionPermission.objects.filter(
            group=group.staff_group, collection=group.collection
        ).values_list("permission__codename", flat=True)
    )
    assert image_perms == {"add_image", "change_image", "choose_image"}
    assert group.staff_group.permissions.filter(codename="access_admin").exists()


def test_provisioning_twice_creates_nothing_new(site_tree):
    group = make_group()
    counts = (
        Group.objects.count(),
        Collection.objects.count(),
        GroupPagePermission.objects.count(),
    )
    again = producer_group_provision(group_page=group)
    assert again.staff_group == group.staff_group
    assert again.collection == group.collection
    assert counts == (
        Group.objects.count(),
        Collection.objects.count(),
        GroupPagePermission.objects.count(),
    )


def test_new_group_gets_the_default_commission(site_tree, settings):
    assert make_group().terms.commission_rate == settings.PLATFORM_COMMISSION_PERCENT


def test_group_page_never_shows_private_details(client, site_tree):
    group = make_group(
        "Hyderabad Bangle Workers",
        contact_name="Private Person",
        contact_phone="+92 300 7654321",
        contact_email="private@example.org",
        payout_account_number="PK36SCBL0000001123456702",
    )
    make_product(group, "Glass bangles set")
    html = client.get(group.url).content.decode()
    assert "Hyderabad Bangle Workers" in html
    for secret in ("Private Person", "7654321", "private@example.org", "PK36SCBL"):
        assert secret not in html


def test_product_page_shows_price_and_the_groups_share(client, site_tree):
    group = make_group("Thar Ralli Cooperative", commission_rate=Decimal("12.50"))
    product = make_product(group, "Ralli quilt", price="8000.00")
    html = client.get(product.url).content.decode()
    assert "Rs 8,000" in html
    assert "Rs 7,000 (87.5%) of this price goes to Thar Ralli Cooperative" in html
    assert "Rs 1,000 (12.5%)" in html


def test_product_share_is_shown_per_variant(client, site_tree):
    group = make_group()
    product = make_product(group, "Block-printed dupatta", price="1000.00", variants=2)
    response = client.get(product.url)
    shares = [variant.breakdown["group_share"] for variant in response.context["variants"]]
    assert shares == [Decimal("900.00"), Decimal("900.90")]


def test_product_shared_on_social_media_has_photo_title_and_price(client, site_tree):
    product = make_product(make_group(), "Sindhi cap", price="1800")
    html = client.get(product.url).content.decode()
    assert '<meta property="og:title" content="Sindhi cap">' in html
    # Absolute URLs come from SITE_URL, never from the request's Host (the page is cached).
    site_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    assert f'<meta property="og:image" content="{site_url}/media/images/' in html
    assert '<meta property="product:price:amount" content="1800.00">' in html
    assert "Rs 1,800" in html.split('property="og:description"')[1][:80]
