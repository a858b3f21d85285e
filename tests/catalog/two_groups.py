"""Two producer groups for the admin permission tests: A, whose staff are logged in, and B,
whose things they must not reach (a product, one waiting for moderation, a locked artisan
page with a private full name, an image, bank details). Also a snapshot of everything a write
could change, to prove a refused write left the database as it was."""

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
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


def two_groups() -> TwoGroups:
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


def database_state(world: TwoGroups) -> dict:
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


def png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")
