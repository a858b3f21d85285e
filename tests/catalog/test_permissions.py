"""Producer group staff reach only their own group's pages, artisans, images and collections.

The matrix logs in as group A's staff and tries every admin URL and action Wagtail offers on
group B's things. Each try must be refused (403, 404 or Wagtail's permission-denied redirect
to the dashboard), and after every write the database must look exactly as before.
"""

import pytest
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.test.utils.form_data import querydict_from_html

from catalog.models import ProducerGroupPage, ProductPage, ProductVariant
from tests.catalog.admin_attempts import (
    api_children_url,
    bulk_action_attempts,
    collection_attempts,
    explorer_urls,
    group_page_attempts,
    image_attempts,
    image_uploads_into_b,
    listings_without_b,
    page_attempts,
    variant_attempts,
    workflow_attempts,
)
from tests.catalog.admin_client import (
    assert_own_work_is_allowed,
    error_messages,
    form_data_with,
    is_permission_denied,
    send,
)
from tests.catalog.two_groups import B_SECRETS, database_state, png_upload, two_groups


@pytest.mark.django_db
def test_group_staff_are_refused_every_admin_url_and_action_on_another_groups_things(
    client, site_tree
):
    world = two_groups()
    client.force_login(world.staff_a)
    assert_own_work_is_allowed(client, world)

    denied_attempts = [
        *page_attempts(world.product_b, world),
        *page_attempts(world.artisan_b, world),
        *page_attempts(world.group_b, world),
        *group_page_attempts(world),
        *workflow_attempts(world),
        *image_attempts(world),
        *collection_attempts(world),
        *variant_attempts(world),
    ]
    refused_uploads = image_uploads_into_b(world)
    bulk_attempts = bulk_action_attempts(world)
    listings = listings_without_b(world)
    built = (
        len(denied_attempts)
        + len(refused_uploads)
        + 2 * len(bulk_attempts)
        + len(listings)
        + len(explorer_urls(world))
        + 2
    )

    before = database_state(world)
    tried = 0
    failures = []

    for method, url, data in denied_attempts:
        response = send(client, method, url, data)
        tried += 1
        if not is_permission_denied(response):
            failures.append((method, url, response.status_code, response.get("Location")))
        assert database_state(world) == before, f"{method} {url} changed the database"

    for method, url, data in refused_uploads:
        # With one permitted collection Wagtail drops the field: the upload lands in A's own.
        response = send(client, method, url, data)
        tried += 1
        assert response.status_code in (200, 302, 400, 403, 404), (url, response.status_code)
        uploaded = Image.objects.exclude(pk__in=[row[0] for row in before["images"]])
        assert all(image.collection_id == world.group_a.collection.pk for image in uploaded), url
        uploaded.delete()
        assert database_state(world) == before, f"{method} {url} changed the database"

    for method, url, data in bulk_attempts:
        # The bulk action screen lists B's object as one the user has no permission for.
        listing = send(client, "GET", url, None)
        tried += 1
        if listing.status_code == 200:
            assert listing.context["items"] == [], url
        response = send(client, method, url, data)
        tried += 1
        assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
        assert database_state(world) == before, f"{method} {url} changed the database"

    for url in listings:
        response = send(client, "GET", url, None)
        tried += 1
        assert response.status_code == 200, (url, response.status_code)
        body = response.content.decode()
        leaked = [secret for secret in B_SECRETS if secret in body]
        assert not leaked, f"{url} shows group B's {leaked}"

    # Exploring B's group page (or the index above it) lands on A's own group page instead.
    for url in explorer_urls(world):
        response = send(client, "GET", url, None)
        tried += 1
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"] == reverse("wagtailadmin_explore", args=[world.group_a.pk])

    # The explorer's API treats B's group page as a parent that does not exist.
    response = send(client, "GET", api_children_url(world.group_b), None)
    tried += 1
    assert response.status_code == 400
    assert response.json() == {"message": "parent page doesn't exist"}

    # Wagtail's "publishing will cancel the workflow" prompt has no permission check of its
    # own; it must at least say nothing about B's page beyond the (global) workflow's name.
    url = reverse(
        "wagtailadmin_pages:confirm_workflow_cancellation",
        args=[world.product_b_in_moderation.pk],
    )
    response = send(client, "GET", url, None)
    tried += 1
    body = response.content.decode()
    assert response.status_code in (200, 403, 404)
    assert "Chunri dupatta" not in body and not any(secret in body for secret in B_SECRETS)

    print(f"\n{tried} admin URLs/actions tried as group A's staff on group B's things")
    assert not failures, "not refused:\n" + "\n".join(map(str, failures))
    assert tried >= built >= 160
    assert database_state(world) == before


@pytest.mark.django_db
def test_group_staff_edit_their_own_products_stock_and_images(client, site_tree):
    world = two_groups()
    client.force_login(world.staff_a)
    assert_own_work_is_allowed(client, world)

    variant = world.product_a.variants.first()
    url = reverse("catalog_product_variants", args=[world.product_a.pk])
    data = form_data_with(client.get(url).content.decode(), "variants-TOTAL_FORMS")
    data["variants-0-stock"] = "17"
    response = client.post(url, data)
    assert response.status_code == 302, error_messages(response)
    variant.refresh_from_db()
    assert variant.stock == 17

    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Khussa close-up",
            "collection": world.group_a.collection.pk,
            "file": png_upload(),
        },
    )
    assert response.status_code == 302
    assert Image.objects.get(title="Khussa close-up").collection_id == world.group_a.collection.pk


@pytest.mark.django_db
@pytest.mark.parametrize("sku", ["SAME-AS-B", "TAKEN-OVER-1"])
def test_own_variants_screen_cannot_change_another_groups_variant_by_its_id(client, site_tree, sku):
    world = two_groups()
    client.force_login(world.staff_a)
    b_variant = world.product_b.variants.first()
    b_variants_before = list(ProductVariant.objects.filter(product=world.product_b).values())
    url = reverse("catalog_product_variants", args=[world.product_a.pk])
    data = form_data_with(client.get(url).content.decode(), "variants-TOTAL_FORMS")
    data["variants-0-id"] = str(b_variant.pk)
    data["variants-0-sku"] = b_variant.sku if sku == "SAME-AS-B" else sku
    data["variants-0-stock"] = "0"
    data["variants-0-price"] = "1.00"

    response = client.post(url, data)

    assert response.status_code in (200, 302, 404)
    assert list(ProductVariant.objects.filter(product=world.product_b).values()) == (
        b_variants_before
    )


@pytest.mark.django_db
def test_group_staff_cannot_see_or_set_their_commission_rate(client, site_tree):
    world = two_groups()
    group = world.group_a
    original_rate = group.terms.commission_rate
    original_account = group.terms.payout_account_number
    client.force_login(world.staff_a)
    url = reverse("wagtailadmin_pages:edit", args=[group.pk])

    page_html = client.get(url).content.decode()
    assert 'name="commission_rate"' not in page_html
    assert 'name="payout_account_number"' not in page_html

    data = querydict_from_html(page_html, form_id="page-edit-form")
    data["story-count"] = "0"  # the StreamField's inputs are drawn by JavaScript
    data["tagline"] = "Stitching since 1998"
    data["commission_rate"] = "0.50"
    data["payout_account_number"] = "PK00ATTACKER"
    response = client.post(url, data)

    assert response.status_code == 302, error_messages(response)
    group.refresh_from_db()
    draft = group.get_latest_revision_as_object()
    # The draft was saved (so the form was accepted) but the commercial terms were ignored,
    # both on the live row and in the revision a moderator would publish.
    assert draft.tagline == "Stitching since 1998"
    group = ProducerGroupPage.objects.get(pk=group.pk)
    assert group.terms.commission_rate == original_rate
    assert group.terms.payout_account_number == original_account
    assert "commission_rate" not in group.get_latest_revision().content
    assert "payout_account_number" not in group.get_latest_revision().content


@pytest.mark.django_db
def test_group_staff_cannot_attach_another_groups_image_to_their_own_product(client, site_tree):
    world = two_groups()
    client.force_login(world.staff_a)
    url = reverse("wagtailadmin_pages:edit", args=[world.product_a.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data["gallery_images-0-image"] = str(world.image_b.pk)

    client.post(url, data)

    draft = ProductPage.objects.get(pk=world.product_a.pk).get_latest_revision_as_object()
    assert world.image_b.pk not in [photo.image_id for photo in draft.gallery_images.all()]
