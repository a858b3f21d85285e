import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import Page, Revision

from catalog.models import (
    ArtisanConsent,
    ArtisanPage,
    CraftCategory,
    ProducerGroupPage,
    ProductImage,
    ProductPage,
    ProductVariant,
    Technique,
)
from events.models import ExhibitorApplication, MelaPage, Stall
from events.selectors import next_mela

ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")
SKU_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,47}$")


def load_demo(**options) -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "variants": ProductVariant.objects.count(),
        "product images": ProductImage.objects.count(),
        "images": Image.objects.count(),
        "users": get_user_model().objects.count(),
        "groups": Group.objects.count(),
        "crafts": CraftCategory.objects.count(),
        "stalls": Stall.objects.count(),
        "exhibitors": ExhibitorApplication.objects.count(),
    }


def assert_tree_is_valid() -> None:
    problems = Page.find_problems()
    assert all(not found for found in problems), problems


def _is_urdu(text: str) -> bool:
    return bool(ARABIC_LETTER.search(text)) and not re.search(r"[A-Za-z]", text)


def assert_demo_has_urdu_content() -> None:
    """Real Urdu: every craft and technique, 5 groups, 20 products and a mela with its
    schedule, published as Urdu versions of the English pages."""
    urdu = {"live": True, "locale__language_code": "ur"}
    assert not CraftCategory.objects.filter(name_ur="").exists()
    assert not Technique.objects.filter(name_ur="").exists()
    assert all(_is_urdu(name) for name in CraftCategory.objects.values_list("name_ur", flat=True))
    assert all(_is_urdu(name) for name in Technique.objects.values_list("name_ur", flat=True))
    groups = ProducerGroupPage.objects.filter(**urdu)
    products = ProductPage.objects.filter(**urdu)
    assert groups.count() >= 5 and products.count() >= 20
    assert all(_is_urdu(page.title) and _is_urdu(page.tagline) for page in groups)
    assert all(_is_urdu(title) for title in products.values_list("title", flat=True))
    mela = MelaPage.objects.get(**urdu)
    assert _is_urdu(mela.title) and _is_urdu(mela.intro)
    assert mela.schedule_items.count() == 12
    assert all(_is_urdu(item.title) for item in mela.schedule_items.all())


@pytest.mark.django_db
def test_demo_has_groups_artisans_products_and_users_and_loading_again_changes_nothing():
    output = load_demo()

    groups = ProducerGroupPage.objects.live().filter(locale__language_code="en")
    assert groups.filter(country="PK", province__in=["Punjab", "Sindh"]).count() >= 8
    assert set(groups.filter(country="PK").values_list("province", flat=True)) == {
        "Punjab",
        "Sindh",
    }
    for country in ("IN", "NP", "LK"):
        assert groups.filter(country=country).count() == 1
    assert {group.kind for group in groups} >= {"union", "cooperative", "association", "federation"}
    for group in groups:
        assert group.staff_group is not None and group.collection is not None
        assert group.story and group.tagline and group.founded_year and group.member_count
        assert group.live_revision is not None

    artisans = ArtisanPage.objects.live().filter(locale__language_code="en")
    assert artisans.count() == 30
    assert set(artisans.values_list("consent", flat=True)) == set(ArtisanConsent.values)
    assert all(artisan.producer_group_id for artisan in artisans)

    products = ProductPage.objects.live().filter(locale__language_code="en")
    assert products.count() == 120
    coming = next_mela()
    assert coming is not None and coming.schedule_items.count() == 12
    assert ExhibitorApplication.objects.filter(mela=coming, status="approved").count() == 6
    assert MelaPage.objects.live().filter(locale__language_code="en").count() == 2
    assert CraftCategory.objects.filter(products__isnull=False).distinct().count() >= 8
    for product in products.prefetch_related("variants", "gallery_images__image", "artisans"):
        variants = list(product.variants.all())
        assert 1 <= len(variants) <= 3
        assert all(SKU_PATTERN.match(variant.sku) for variant in variants)
        assert all(Decimal("500") <= variant.price <= Decimal("30000") for variant in variants)
        images = list(product.gallery_images.all())
        assert images and all(image.alt_text for image in images)
        assert all(
            image.image.collection_id == product.producer_group.collection_id for image in images
        )
        assert all(a.producer_group_id == product.producer_group_id for a in product.artisans.all())
        assert product.live_revision is not None
    assert ProductVariant.objects.filter(stock=0).exists()
    assert ProductVariant.objects.filter(stock__gt=0).exists()
    assert ProductPage.objects.search("ralli").count() > 0

    user_model = get_user_model()
    assert user_model.objects.get(username="admin").is_superuser
    assert user_model.objects.get(username="admin").check_password("crafts-mela-admin")
    moderator = user_model.objects.get(username="moderator")
    assert moderator.check_password("demo-staff-pass")
    assert moderator.groups.filter(name="Moderators").exists()
    finance = user_model.objects.get(username="finance")
    assert finance.check_password("demo-staff-pass")
    assert finance.has_perm("orders.manage_payouts") and finance.has_perm("orders.verify_transfers")
    # Every demo group can be paid: a payout run would not skip one for missing details.
    assert not groups.filter(terms__payout_account_number="").exists()
    for group in groups:
        staff = user_model.objects.get(username=f"{group.slug}-staff")
        assert staff.groups.filter(pk=group.staff_group_id).exists()
    assert "crafts-mela-admin" in output
    # Workshops: one inside the coming mela, with sign-ups; one application to join waiting.
    from catalog.models import NetworkApplication
    from events.models import WorkshopPage

    assert WorkshopPage.objects.live().child_of(coming).count() == 1
    assert WorkshopPage.objects.live().child_of(coming).get().signups.count() == 3
    pending = NetworkApplication.objects.get(status="submitted")
    assert pending.documents.count() == 1 and pending.crafts.count() == 2
    assert moderator.has_perm("catalog.review_networkapplication")
    assert_tree_is_valid()
    assert_demo_has_urdu_content()

    # People edit the demo; a second load must neither duplicate nor undo their changes.
    product = products.first()
    product.title = "Renamed by the group"
    product.save_revision().publish()
    variant = product.variants.first()
    ProductVariant.objects.filter(pk=variant.pk).update(stock=17)
    before = counts()

    load_demo()

    assert counts() == before
    product.refresh_from_db()
    assert product.title == "Renamed by the group"
    assert ProductVariant.objects.get(pk=variant.pk).stock == 17
    assert_tree_is_valid()


@pytest.mark.django_db
def test_scale_catalogue_is_live_indexed_valid_and_only_adds_what_is_missing():
    load_demo(scale=45, skip_demo=True)

    groups = ProducerGroupPage.objects.filter(slug__startswith="scale-group-")
    assert groups.count() == 3  # 20 products per group
    products = ProductPage.objects.live().filter(producer_group__in=groups)
    assert products.count() == 45
    assert products.filter(live_revision__isnull=True).count() == 0
    assert ProductImage.objects.filter(product__in=products).count() == 45
    assert ProductVariant.objects.filter(product__in=products, stock=0).exists()
    for group in groups:
        assert (
            get_user_model()
            .objects.get(username=f"{group.slug}-staff")
            .groups.filter(pk=group.staff_group_id)
            .exists()
        )
    revision_product = products.first().live_revision.as_object()
    assert revision_product.gallery_images.count() == 1
    assert ProductPage.objects.live().search("basket").count() > 0
    assert_tree_is_valid()
    before = counts()

    load_demo(scale=45, skip_demo=True)
    assert counts() == before

    load_demo(scale=50, skip_demo=True)
    assert ProductPage.objects.live().filter(producer_group__in=groups).count() == 50
    assert_tree_is_valid()
