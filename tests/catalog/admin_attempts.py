"""Every admin URL and action Wagtail offers on group B's things, as (method, url, data) tries
for group A's staff: pages, adding under B's group page, moderation, images, collections,
variants, uploads into B's collection, bulk actions; and the listings and explorer URLs that
must not show B's things."""

from django.urls import reverse

from catalog.models import ArtisanConsent
from tests.catalog.two_groups import TwoGroups, png_upload


def page_attempts(page, world: TwoGroups) -> list[tuple]:
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


def group_page_attempts(world: TwoGroups) -> list[tuple]:
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


def workflow_attempts(world: TwoGroups) -> list[tuple]:
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


def image_attempts(world: TwoGroups) -> list[tuple]:
    image_pk = world.image_b.pk
    edit = reverse("wagtailimages:edit", args=[image_pk])
    delete = reverse("wagtailimages:delete", args=[image_pk])
    replacement = {"title": "Renamed", "collection": world.group_a.collection.pk, "tags": "x"}
    return [
        ("GET", edit, None),
        ("POST", edit, replacement),
        ("POST", edit, {**replacement, "file": png_upload()}),
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


def collection_attempts(world: TwoGroups) -> list[tuple]:
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


def variant_attempts(world: TwoGroups) -> list[tuple]:
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


def image_uploads_into_b(world: TwoGroups) -> list[tuple]:
    """Upload forms A may open, posted with B's collection: the form must refuse it."""
    collection_pk = world.group_b.collection.pk
    return [
        (
            "POST",
            reverse("wagtailimages:add"),
            {"title": "Planted", "collection": collection_pk, "file": png_upload()},
        ),
        (
            "POST",
            reverse("wagtailimages:add_multiple"),
            {"collection": collection_pk, "files[]": png_upload()},
        ),
        (
            "POST",
            reverse("wagtailimages_chooser:create"),
            {
                "image-chooser-upload-title": "Planted",
                "image-chooser-upload-collection": collection_pk,
                "image-chooser-upload-file": png_upload(),
            },
        ),
    ]


def bulk_action_attempts(world: TwoGroups) -> list[tuple]:
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


def listings_without_b(world: TwoGroups) -> list[str]:
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


def explorer_urls(world: TwoGroups) -> list[str]:
    urls = []
    for page in (world.group_b, world.group_b.get_parent()):
        urls.append(reverse("wagtailadmin_explore", args=[page.pk]))
        urls.append(reverse("wagtailadmin_explore_results", args=[page.pk]))
    return urls


def api_children_url(page) -> str:
    return reverse("wagtailadmin_api:pages:listing") + f"?child_of={page.pk}"
