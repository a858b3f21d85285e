"""factory_boy factories for the catalog. Pages are created through the tree (add_child)."""

import io
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image

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
from catalog.models.terms import PAYOUT_ACCOUNT_FIELDS
from catalog.services import producer_group_provision, producer_group_staff_add
from catalog.terms.services import terms_initial_set
from marketplace.site_setup import site_tree_ensure

User = get_user_model()


def png_bytes(width: int = 64, height: int = 64, colour=(164, 55, 42)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    title = factory.Sequence(lambda n: f"Photo {n}")
    file = factory.LazyFunction(lambda: ImageFile(io.BytesIO(png_bytes()), name="photo.png"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery")


class CraftCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CraftCategory
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Craft {n}")
    slug = factory.LazyAttribute(lambda category: category.name.lower().replace(" ", "-"))


class TechniqueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Technique
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Technique {n}")
    slug = factory.LazyAttribute(lambda technique: technique.name.lower().replace(" ", "-"))


TERMS_FIELDS = ("verification_status", "commission_rate", *PAYOUT_ACCOUNT_FIELDS)


def make_group(title: str = "Lahore Embroiderers Union", *, publish: bool = True, **fields):
    """A provisioned producer group (staff group, collection, permissions) under Producers.

    Commercial terms (`commission_rate`, `verification_status`, payout account fields) may be
    passed too: they go to the group's ProducerGroupTerms, the account as confirmed. A test
    group is verified unless it says otherwise.
    """
    _home, producers = site_tree_ensure()
    terms = {"verification_status": "verified"}
    terms.update({name: fields.pop(name) for name in TERMS_FIELDS if name in fields})
    defaults = {"kind": "union", "province": "Punjab", "district": "Lahore"}
    defaults.update(fields)
    group = producers.add_child(instance=ProducerGroupPage(title=title, **defaults))
    if publish:
        group.save_revision().publish()
    group = producer_group_provision(group_page=group)
    terms_initial_set(group=group, **terms)
    return ProducerGroupPage.objects.get(pk=group.pk)


def make_staff(group: ProducerGroupPage, username: str | None = None):
    user = UserFactory(username=username or f"staff-{group.slug}")
    producer_group_staff_add(group_page=group, user=user)
    return user


def make_artisan(group, full_name="Rukhsana Bibi", consent=ArtisanConsent.FULL_NAME, **fields):
    artisan = group.add_child(instance=ArtisanPage(full_name=full_name, consent=consent, **fields))
    artisan.save_revision().publish()
    return artisan


def make_product(
    group,
    title: str = "Ralli quilt",
    *,
    price: Decimal | str = "4500.00",
    stock: int = 5,
    category=None,
    with_image: bool = True,
    publish: bool = True,
    variants: int = 1,
    **fields,
) -> ProductPage:
    category = category or CraftCategoryFactory(name="Ralli quilts", slug="ralli-quilts")
    product = ProductPage(
        title=title,
        description="<p>Hand-stitched by the group.</p>",
        category=category,
        live=publish,
        **fields,
    )
    if with_image:
        product.gallery_images.add(
            ProductImage(image=ImageFactory(collection=group.collection), alt_text=f"{title} photo")
        )
    group.add_child(instance=product)
    for index in range(variants):
        ProductVariant.objects.create(
            product=product,
            sku=f"SKU-{product.pk}-{index}",
            label=f"Variant {index}" if variants > 1 else "",
            price=Decimal(price) + index,
            stock=stock,
        )
    if publish:
        product.save_revision().publish()
    return product


# Melas (events app) ------------------------------------------------------------------------


def make_mela(
    title: str = "Lahore Crafts Mela",
    *,
    start=None,
    days: int = 3,
    publish: bool = True,
    schedule: list[dict] | None = None,
    **fields,
):
    """A provisioned mela (organisers group, collection) under /melas/, starting `start`
    (default: a week from today, Pakistan time) and lasting `days` days."""
    from datetime import timedelta

    from events.models import MelaIndexPage, MelaPage, ScheduleItem
    from events.models.pages import mela_today
    from events.services import mela_provision

    site_tree_ensure()
    index = MelaIndexPage.objects.get()
    start = start or mela_today() + timedelta(days=7)
    defaults = {
        "start_date": start,
        "end_date": start + timedelta(days=days - 1),
        "venue_name": "Alhamra Arts Council",
        "venue_address": "The Mall",
        "venue_city": "Lahore",
        "province": "Punjab",
        "district": "Lahore",
        "organiser_name": "HomeNet Pakistan",
        "applications_open_on": start - timedelta(days=30),
        "applications_close_on": start - timedelta(days=1),
    }
    defaults.update(fields)
    mela = MelaPage(title=title, live=publish, **defaults)
    for item in schedule or []:
        mela.schedule_items.add(ScheduleItem(**item))
    index.add_child(instance=mela)
    if publish:
        mela.save_revision().publish()
    return mela_provision(mela=mela)


def make_organiser(mela, username: str | None = None):
    from events.services import mela_organiser_add

    user = UserFactory(username=username or f"organiser-{mela.slug}")
    mela_organiser_add(mela=mela, user=user)
    return user


def make_stall(mela, number: str = "A-1", *, zone: str = "Textiles", row: int = 1, column=None):
    from events.models import Stall

    column = column or (Stall.objects.filter(mela=mela).count() + 1)
    return Stall.objects.create(
        mela=mela,
        number=number,
        zone=zone,
        size="medium",
        fee="2500.00",
        map_row=row,
        map_column=column,
    )


def make_application(mela, group, *, products=(), status="submitted", stall=None):
    from events.models import ExhibitorApplication

    application = ExhibitorApplication.objects.create(
        mela=mela, group=group, stall_size_wanted="medium", status=status, stall=stall
    )
    application.products.set(products)
    return application


def make_payable_group(
    title: str = "Hala Ralli Makers", *, earned: Decimal = Decimal("5000.00"), **fields
) -> ProducerGroupPage:
    """A group with bank payout details and `earned` rupees available in its ledger.

    The credit is one sale entry whose hold period is over, as a delivered, paid sub-order
    leaves it (tests of the ledger itself build those from real orders).
    """
    from datetime import timedelta

    from django.utils import timezone

    from orders.models import LedgerCause, LedgerEntry, LedgerKind

    details = {
        "payout_method": "bank",
        "payout_account_title": title,
        "payout_account_number": "PK36SCBL0000001123456702",
        "payout_bank_name": "Standard Chartered",
        "contact_email": "group@example.org",
        "contact_phone": "+923001234567",
    }
    group = make_group(title, **{**details, **fields})
    if earned:
        LedgerEntry.objects.create(
            producer_group=group,
            kind=LedgerKind.SALE,
            cause=LedgerCause.PAID,
            amount=earned,
            event_key=f"test-credit:{LedgerEntry.objects.count()}",
            available_from=timezone.now() - timedelta(days=1),
        )
    return group
