"""Producer group staff reach only their own group's pages, artisans, images and collections.

The matrix logs in as group A's staff and tries every admin URL and action Wagtail offers on
group B's things. Each try must be refused (403, 404 or Wagtail's permission-denied redirect
to the dashboard), and after every write the database must look exactly as before.
"""

from dataclasses import dataclass

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    Revision,
    TaskState,
    WorkflowState,
)
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import querydict_from_html

from catalog.models import ArtisanConsent, ProducerGroupPage, ProductPage, ProductVariant
from tests.factories import (
    ImageFactory,
    make_artisan,
    make_group,
    make_product,
    make_staff,
    png_bytes,
)

# Strings that exist only in group B's data: finding one in a response to A's staff is a leak.
B_PRODUCT_TITLE = "Bahawalpur chunri QX71"
B_IMAGE_TITLE = "B-only photo ZK93"
B_ARTISAN_FULL_NAME = "Nusrat Privatename"
B_PAYOUT_ACCOUNT = "PK36SCBL0000001123456702"
B_SECRETS = (B_PRODUCT_TITLE, B_IMAGE_TITLE, B_ARTISAN_FULL_NAME, B_PAYOUT_ACCOUNT)

DENIED_MESSAGE = "do not have permission"


@dataclass
class TwoGroups:
    group_a: ProducerGroupPage
    group_b: ProducerGroupPage
    staff_a: object
    staff_b: object
    product_a: ProductPage
    product_b: ProductPage
    product_b_in_moderation: ProductPage
    artisan_b: Page
    image_b: Image


def _two_groups() -> TwoGroups:
    group_a = make_group("Sialkot Stitchers Cooperative", district="Sialkot")
    group_b = make_group(
        "Bahawalpur Chunri Union",
        district="Bahawalpur",
        payout_method="bank",
        payout_account_number=B_PAYOUT_ACCOUNT,
    )
    staff_a = make_staff(group_a)
    staff_b = make_staff(group_b)
    product_a = make_product(group_a, "Sialkot khussa", variants=2)
    product_b = make_product(group_b, B_PRODUCT_TITLE, variants=2)

    product_b_in_moderation = make_product(group_b, "Chunri dupatta in review", publish=False)
    product_b_in_moderation.save_revision(user=staff_b)
    product_b_in_moderation.get_workflow().start(product_b_in_moderation, staff_b)

    artisan_b = make_artisan(
        group_b, full_name=B_ARTISAN_FULL_NAME, consent=ArtisanConsent.NOT_SHOWN
    )
    Page.objects.filter(pk=artisan_b.pk).update(
        locked=True, locked_by=staff_b, locked_at=timezone.now()
    )
    image_b = ImageFactory(collection=group_b.collection, title=B_IMAGE_TITLE)
    return TwoGroups(
        group_a=group_a,
        group_b=group_b,
        staff_a=staff_a,
        staff_b=staff_b,
        product_a=product_a,
        product_b=product_b,
        product_b_in_moderation=product_b_in_moderation,
        artisan_b=artisan_b,
        image_b=image_b,
    )


def _database_state(world: TwoGroups) -> dict:
    """Everything a write by A's staff could touch, as plain values to compare."""
    group_b = ProducerGroupPage.objects.get(pk=world.group_b.pk)
    return {
        "pages": list(
            Page.objects.order_by("pk").values_list(
                "pk",
                "title",
                "draft_title",
                "slug",
                "path",
                "live",
                "has_unpublished_changes",
                "locked",
                "locked_by",
                "latest_revision",
            )
        ),
        "revisions": Revision.objects.count(),
        "group_b_terms": (group_b.terms.commission_rate, group_b.terms.payout_account_number),
        "variants": list(
            ProductVariant.objects.order_by("pk").values_list(
                "pk", "product", "sku", "label", "price", "stock", "is_active"
            )
        ),
        "images": list(
            Image.objects.order_by("pk").values_list("pk", "title", "file", "collection")
        ),
        "image_b_tags": sorted(world.image_b.tags.names()),
        "collections": list(Collection.objects.order_by("pk").values_list("pk", "name", "path")),
        "view_restrictions": (
            PageViewRestriction.objects.count(),
            CollectionViewRestriction.objects.count(),
        ),
        "workflow_states": list(WorkflowState.objects.order_by("pk").values_list("pk", "status")),
        "task_states": list(TaskState.objects.order_by("pk").values_list("pk", "status")),
    }


def _is_permission_denied(response) -> bool:
    """403, 404, or wagtail.admin.auth.permission_denied: a redirect home with an error.

    A redirect to the login page is *not* a denial here: it would mean the user was not logged
    in at all, and the matrix would prove nothing.
    """
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home"):
        return any(
            DENIED_MESSAGE in str(message) for message in get_messages(response.wsgi_request)
        )
    return False


def _page_attempts(page, world: TwoGroups) -> list[tuple]:
    """Every per-page admin view, GET and (for writes) POST."""
    revision = page.latest_revision
    pk = page.pk
    own_group = world.group_a.pk
    edit = reverse("wagtailadmin_pages:edit", args=[pk])
    hijack = {"title": "Taken over", "slug": "taken-over", "draft_title": "Taken over"}
    return [
        ("GET", edit, None),
        ("POST", edit, hijack),
        ("POST", edit, {**hijack, "action-publish": "action-publish"}),
        ("POST", edit, {**hijack, "action-submit": "action-submit"}),
        ("GET", reverse("wagtailadmin_pages:delete", args=[pk]), None),
        ("POST", reverse("wagtailadmin_pages:delete", args=[pk]), {}),
        ("GET", reverse("wagtailadmin_pages:copy", args=[pk]), None),
        (
            "POST",
            reverse("wagtailadmin_pages:copy", args=[pk]),
            {
                "new_title": "Copied",
                "new_slug": "copied",
                "new_parent_page": own_group,
                "copy_subpages": "on",
                "publish_copies": "on",
            },
        ),
        ("GET", reverse("wagtailadmin_pages:move", args=[pk]), None),
        ("GET", reverse("wagtailadmin_pages:move_confirm", args=[pk, own_group]), None),
        ("POST", reverse("wagtailadmin_pages:move_confirm", args=[pk, own_group]), {}),
        ("POST", reverse("wagtailadmin_pages:set_page_position", args=[pk]), {"position": "0"}),
        ("GET", reverse("wagtailadmin_pages:unpublish", args=[pk]), None),
        ("POST", reverse("wagtailadmin_pages:unpublish", args=[pk]), {"include_descendants": "on"}),
        ("GET", reverse("wagtailadmin_pages:set_privacy", args=[pk]), None),
        (
            "POST",
            reverse("wagtailadmin_pages:set_privacy", args=[pk]),
            {"restriction_type": "password", "password": "letmein12"},
        ),
        ("POST", reverse("wagtailadmin_pages:lock", args=[pk]), {}),
        ("POST", reverse("wagtailadmin_pages:unlock", args=[pk]), {}),
        ("GET", reverse("wagtailadmin_pages:history", args=[pk]), None),
        ("GET", reverse("wagtailadmin_pages:history_results", args=[pk]), None),
        ("GET", reverse("wagtailadmin_pages:workflow_history", args=[pk]), None),
        ("GET", reverse("wagtailadmin_pages:usage", args=[pk]), None),
        ("GET", reverse("wagtailadmin_pages:view_draft", args=[pk]), None),
        ("GET", reverse("wagtailadmin_pages:preview_on_edit", args=[pk]), None),
        ("POST", reverse("wagtailadmin_pages:preview_on_edit", args=[pk]), hijack),
        ("GET", reverse("wagtailadmin_pages:revisions_view", args=[pk, revision.pk]), None),
        ("GET", reverse("wagtailadmin_pages:revisions_revert", args=[pk, revision.pk]), None),
        ("POST", reverse("wagtailadmin_pages:revisions_revert", args=[pk, revision.pk]), hijack),
        ("POST", reverse("wagtailadmin_pages:revisions_unschedule", args=[pk, revision.pk]), {}),
        (
            "GET",
            reverse("wagtailadmin_pages:revisions_compare", args=[pk, "earliest", "latest"]),
            None,
        ),
        ("GET", reverse("wagtailadmin_api:pages:detail", args=[pk]), None),
    ]


def _group_page_attempts(world: TwoGroups) -> list[tuple]:
    """Adding pages under B's group page, and browsing it."""
    group_pk = world.group_b.pk
    new_product = {
        "title": "Planted product",
        "slug": "planted",
        "description": "{}",
        "category": world.product_b.category_id,
        "gallery_images-TOTAL_FORMS": "0",
        "gallery_images-INITIAL_FORMS": "0",
        "action-publish": "action-publish",
    }
    new_artisan = {"full_name": "Planted Artisan", "consent": ArtisanConsent.FULL_NAME}
    attempts = [
        ("GET", reverse("wagtailadmin_pages:add_subpage", args=[group_pk]), None),
    ]
    for model, data in (("productpage", new_product), ("artisanpage", new_artisan)):
        add = reverse("wagtailadmin_pages:add", args=["catalog", model, group_pk])
        preview = reverse("wagtailadmin_pages:preview_on_add", args=["catalog", model, group_pk])
        attempts += [("GET", add, None), ("POST", add, data), ("POST", preview, data)]
    return attempts


def _workflow_attempts(world: TwoGroups) -> list[tuple]:
    """Approving, rejecting or cancelling B's product that waits for moderation."""
    page = world.product_b_in_moderation
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    workflow_state = page.current_workflow_state
    assert task_state is not None, "the moderation setup failed; the workflow checks would be void"
    pk, ts = page.pk, task_state.pk
    return [
        (
            "POST",
            reverse("wagtailadmin_pages:workflow_action", args=[pk, "approve", ts]),
            {"comment": ""},
        ),
        (
            "POST",
            reverse("wagtailadmin_pages:workflow_action", args=[pk, "reject", ts]),
            {"comment": ""},
        ),
        (
            "GET",
            reverse("wagtailadmin_pages:collect_workflow_action_data", args=[pk, "approve", ts]),
            None,
        ),
        (
            "POST",
            reverse("wagtailadmin_pages:edit", args=[pk]),
            {"title": "x", "slug": "x", "action-cancel-workflow": "action-cancel-workflow"},
        ),
        (
            "GET",
            reverse("wagtailadmin_pages:workflow_preview", args=[pk, task_state.task_id]),
            None,
        ),
        (
            "GET",
            reverse("wagtailadmin_pages:workflow_history_detail", args=[pk, workflow_state.pk]),
            None,
        ),
    ]


def _image_attempts(world: TwoGroups) -> list[tuple]:
    image_pk = world.image_b.pk
    edit = reverse("wagtailimages:edit", args=[image_pk])
    delete = reverse("wagtailimages:delete", args=[image_pk])
    replacement = {"title": "Renamed", "collection": world.group_a.collection.pk, "tags": "x"}
    return [
        ("GET", edit, None),
        ("POST", edit, replacement),
        ("POST", edit, {**replacement, "file": _png_upload()}),
        ("GET", delete, None),
        ("POST", delete, {}),
        ("GET", reverse("wagtailimages:url_generator", args=[image_pk]), None),
        ("GET", reverse("wagtailimages:url_generator_output", args=[image_pk]), None),
        ("GET", reverse("wagtailimages:preview", args=[image_pk, "original"]), None),
        ("GET", reverse("wagtailimages:image_usage", args=[image_pk]), None),
        (
            "POST",
            reverse("wagtailimages:edit_multiple", args=[image_pk]),
            {
                f"image-{image_pk}-title": "Renamed",
                f"image-{image_pk}-collection": world.group_a.collection.pk,
            },
        ),
        ("POST", reverse("wagtailimages:delete_multiple", args=[image_pk]), {}),
        ("GET", reverse("wagtailimages_chooser:chosen", args=[image_pk]), None),
        ("GET", reverse("wagtailimages_chooser:select_format", args=[image_pk]), None),
        (
            "POST",
            reverse("wagtailimages_chooser:select_format", args=[image_pk]),
            {
                "image-chooser-insertion-format": "fullwidth",
                "image-chooser-insertion-alt_text": "x",
            },
        ),
        ("GET", reverse("wagtailadmin_api:images:detail", args=[image_pk]), None),
    ]


def _collection_attempts(world: TwoGroups) -> list[tuple]:
    collection_pk = world.group_b.collection.pk
    edit = reverse("wagtailadmin_collections:edit", args=[collection_pk])
    delete = reverse("wagtailadmin_collections:delete", args=[collection_pk])
    privacy = reverse("wagtailadmin_collections:set_privacy", args=[collection_pk])
    return [
        ("GET", reverse("wagtailadmin_collections:index"), None),
        ("GET", edit, None),
        ("POST", edit, {"name": "Renamed collection", "parent": collection_pk}),
        ("GET", delete, None),
        ("POST", delete, {}),
        ("GET", privacy, None),
        ("POST", privacy, {"restriction_type": "password", "password": "letmein12"}),
        ("GET", reverse("wagtailadmin_collections:add"), None),
        (
            "POST",
            reverse("wagtailadmin_collections:add"),
            {"name": "Planted collection", "parent": collection_pk},
        ),
    ]


def _variant_attempts(world: TwoGroups) -> list[tuple]:
    url = reverse("catalog_product_variants", args=[world.product_b.pk])
    variant = world.product_b.variants.first()
    data = {
        "variants-TOTAL_FORMS": "1",
        "variants-INITIAL_FORMS": "1",
        "variants-MIN_NUM_FORMS": "0",
        "variants-MAX_NUM_FORMS": "1000",
        "variants-0-id": variant.pk,
        "variants-0-sku": variant.sku,
        "variants-0-label": "",
        "variants-0-price": "1.00",
        "variants-0-stock": "0",
        "variants-0-is_active": "on",
        "variants-0-sort_order": "0",
    }
    return [("GET", url, None), ("POST", url, data)]


def _png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def _image_uploads_into_b(world: TwoGroups) -> list[tuple]:
    """Upload forms A may open, posted with B's collection: the form must refuse it."""
    collection_pk = world.group_b.collection.pk
    return [
        (
            "POST",
            reverse("wagtailimages:add"),
            {"title": "Planted", "collection": collection_pk, "file": _png_upload()},
        ),
        (
            "POST",
            reverse("wagtailimages:add_multiple"),
            {"collection": collection_pk, "files[]": _png_upload()},
        ),
        (
            "POST",
            reverse("wagtailimages_chooser:create"),
            {
                "image-chooser-upload-title": "Planted",
                "image-chooser-upload-collection": collection_pk,
                "image-chooser-upload-file": _png_upload(),
            },
        ),
    ]


def _bulk_attempts(world: TwoGroups) -> list[tuple]:
    """Wagtail's bulk actions skip objects the user has no permission for instead of refusing."""
    page_pk, image_pk = world.product_b.pk, world.image_b.pk

    def bulk(app, model, action, pk):
        return reverse("wagtail_bulk_action", args=[app, model, action]) + f"?id={pk}"

    return [
        ("POST", bulk("wagtailcore", "page", "delete", page_pk), {}),
        ("POST", bulk("wagtailcore", "page", "unpublish", page_pk), {"include_descendants": "on"}),
        ("POST", bulk("wagtailcore", "page", "publish", world.product_b_in_moderation.pk), {}),
        ("POST", bulk("wagtailcore", "page", "move", page_pk), {"chooser": world.group_a.pk}),
        ("POST", bulk("wagtailimages", "image", "delete", image_pk), {}),
        ("POST", bulk("wagtailimages", "image", "add_tags", image_pk), {"tags": "planted"}),
        (
            "POST",
            bulk("wagtailimages", "image", "add_to_collection", image_pk),
            {"collection": world.group_a.collection.pk},
        ),
    ]


def _listings_without_b(world: TwoGroups) -> list[str]:
    """Listings A's staff may open, which must not show any of B's images or private data."""
    return [
        reverse("wagtailimages:index"),
        reverse("wagtailimages:index") + f"?collection_id={world.group_b.collection.pk}",
        reverse("wagtailimages:index_results") + "?q=ZK93",
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtailimages_chooser:choose_results")
        + f"?collection_id={world.group_b.collection.pk}",
        reverse("wagtailimages_chooser:choose_results") + "?q=ZK93",
        reverse("wagtailadmin_api:images:listing"),
        reverse("wagtailadmin_api:images:listing") + "?search=ZK93",
        reverse("wagtailadmin_pages:search") + "?q=chunri",
        reverse("wagtailadmin_pages:search_results") + "?q=chunri",
        reverse("wagtailadmin_pages:type_use", args=["catalog", "artisanpage"]),
        reverse("wagtailadmin_api:pages:listing"),
        reverse("wagtailadmin_api:pages:listing") + "?search=chunri",
        reverse("wagtailadmin_home"),
    ]


def _form_data_with(html: str, field_name: str):
    """The values a browser would submit from the form on the page that has `field_name`."""
    soup = WagtailTestUtils.get_soup(html)
    for index, form in enumerate(soup.find_all("form")):
        if form.find(attrs={"name": field_name}) is None:
            continue
        data = querydict_from_html(html, form_index=index)
        # A ticked checkbox without a value attribute is sent as "on", not "".
        for box in form.find_all("input", type="checkbox", checked=True):
            if "value" not in box.attrs:
                data.setlist(box["name"], ["on"])
        return data
    raise ValueError(f"no form with a {field_name!r} field")


def _error_messages(response) -> list[str]:
    soup = WagtailTestUtils.get_soup(response.content)
    return [
        element.get_text(" ", strip=True)
        for element in soup.select(".error-message, .help-critical, .messages .error")
    ]


def _explorer_urls(world: TwoGroups) -> list[str]:
    urls = []
    for page in (world.group_b, world.group_b.get_parent()):
        urls.append(reverse("wagtailadmin_explore", args=[page.pk]))
        urls.append(reverse("wagtailadmin_explore_results", args=[page.pk]))
    return urls


def _api_children_url(page) -> str:
    return reverse("wagtailadmin_api:pages:listing") + f"?child_of={page.pk}"


def _send(client, method: str, url: str, data):
    client.cookies.pop("messages", None)  # each denial message is read from this response alone
    if method == "GET":
        return client.get(url)
    return client.post(url, data or {})


def _assert_own_work_is_allowed(client, world: TwoGroups) -> None:
    """The positive side: without it, a broken login would make every denial 'pass'."""
    own_product = world.product_a.pk
    for url in (
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=[own_product]),
        reverse("catalog_product_variants", args=[own_product]),
        reverse("wagtailadmin_explore", args=[world.group_a.pk]),
        reverse("wagtailimages:add"),
    ):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)


@pytest.mark.django_db
def test_group_staff_are_refused_every_admin_url_and_action_on_another_groups_things(
    client, site_tree
):
    world = _two_groups()
    client.force_login(world.staff_a)
    _assert_own_work_is_allowed(client, world)

    denied_attempts = [
        *_page_attempts(world.product_b, world),
        *_page_attempts(world.artisan_b, world),
        *_page_attempts(world.group_b, world),
        *_group_page_attempts(world),
        *_workflow_attempts(world),
        *_image_attempts(world),
        *_collection_attempts(world),
        *_variant_attempts(world),
    ]
    refused_uploads = _image_uploads_into_b(world)
    bulk_attempts = _bulk_attempts(world)
    listings = _listings_without_b(world)
    built = (
        len(denied_attempts)
        + len(refused_uploads)
        + 2 * len(bulk_attempts)
        + len(listings)
        + len(_explorer_urls(world))
        + 2
    )

    before = _database_state(world)
    tried = 0
    failures = []

    for method, url, data in denied_attempts:
        response = _send(client, method, url, data)
        tried += 1
        if not _is_permission_denied(response):
            failures.append((method, url, response.status_code, response.get("Location")))
        assert _database_state(world) == before, f"{method} {url} changed the database"

    for method, url, data in refused_uploads:
        # With one permitted collection Wagtail drops the field: the upload lands in A's own.
        response = _send(client, method, url, data)
        tried += 1
        assert response.status_code in (200, 302, 400, 403, 404), (url, response.status_code)
        uploaded = Image.objects.exclude(pk__in=[row[0] for row in before["images"]])
        assert all(image.collection_id == world.group_a.collection.pk for image in uploaded), url
        uploaded.delete()
        assert _database_state(world) == before, f"{method} {url} changed the database"

    for method, url, data in bulk_attempts:
        # The bulk action screen lists B's object as one the user has no permission for.
        listing = _send(client, "GET", url, None)
        tried += 1
        if listing.status_code == 200:
            assert listing.context["items"] == [], url
        response = _send(client, method, url, data)
        tried += 1
        assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
        assert _database_state(world) == before, f"{method} {url} changed the database"

    for url in listings:
        response = _send(client, "GET", url, None)
        tried += 1
        assert response.status_code == 200, (url, response.status_code)
        body = response.content.decode()
        leaked = [secret for secret in B_SECRETS if secret in body]
        assert not leaked, f"{url} shows group B's {leaked}"

    # Exploring B's group page (or the index above it) lands on A's own group page instead.
    for url in _explorer_urls(world):
        response = _send(client, "GET", url, None)
        tried += 1
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"] == reverse("wagtailadmin_explore", args=[world.group_a.pk])

    # The explorer's API treats B's group page as a parent that does not exist.
    response = _send(client, "GET", _api_children_url(world.group_b), None)
    tried += 1
    assert response.status_code == 400
    assert response.json() == {"message": "parent page doesn't exist"}

    # Wagtail's "publishing will cancel the workflow" prompt has no permission check of its
    # own; it must at least say nothing about B's page beyond the (global) workflow's name.
    url = reverse(
        "wagtailadmin_pages:confirm_workflow_cancellation",
        args=[world.product_b_in_moderation.pk],
    )
    response = _send(client, "GET", url, None)
    tried += 1
    body = response.content.decode()
    assert response.status_code in (200, 403, 404)
    assert "Chunri dupatta" not in body and not any(secret in body for secret in B_SECRETS)

    print(f"\n{tried} admin URLs/actions tried as group A's staff on group B's things")
    assert not failures, "not refused:\n" + "\n".join(map(str, failures))
    assert tried >= built >= 160
    assert _database_state(world) == before


@pytest.mark.django_db
def test_group_staff_edit_their_own_products_stock_and_images(client, site_tree):
    world = _two_groups()
    client.force_login(world.staff_a)
    _assert_own_work_is_allowed(client, world)

    variant = world.product_a.variants.first()
    url = reverse("catalog_product_variants", args=[world.product_a.pk])
    data = _form_data_with(client.get(url).content.decode(), "variants-TOTAL_FORMS")
    data["variants-0-stock"] = "17"
    response = client.post(url, data)
    assert response.status_code == 302, _error_messages(response)
    variant.refresh_from_db()
    assert variant.stock == 17

    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Khussa close-up",
            "collection": world.group_a.collection.pk,
            "file": _png_upload(),
        },
    )
    assert response.status_code == 302
    assert Image.objects.get(title="Khussa close-up").collection_id == world.group_a.collection.pk


@pytest.mark.django_db
@pytest.mark.parametrize("sku", ["SAME-AS-B", "TAKEN-OVER-1"])
def test_own_variants_screen_cannot_change_another_groups_variant_by_its_id(client, site_tree, sku):
    world = _two_groups()
    client.force_login(world.staff_a)
    b_variant = world.product_b.variants.first()
    b_variants_before = list(ProductVariant.objects.filter(product=world.product_b).values())
    url = reverse("catalog_product_variants", args=[world.product_a.pk])
    data = _form_data_with(client.get(url).content.decode(), "variants-TOTAL_FORMS")
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
    world = _two_groups()
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

    assert response.status_code == 302, _error_messages(response)
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
    world = _two_groups()
    client.force_login(world.staff_a)
    url = reverse("wagtailadmin_pages:edit", args=[world.product_a.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data["gallery_images-0-image"] = str(world.image_b.pk)

    client.post(url, data)

    draft = ProductPage.objects.get(pk=world.product_a.pk).get_latest_revision_as_object()
    assert world.image_b.pk not in [photo.image_id for photo in draft.gallery_images.all()]
