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
from catalog.services import producer_group_provision, producer_group_staff_add
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


def make_group(title: str = "Lahore Embroiderers Union", *, publish: bool = True, **fields):
    """A provisioned producer group (staff group, collection, permissions) under Producers."""
    _home, producers = site_tree_ensure()
    defaults = {"kind": "union", "province": "Punjab", "district": "Lahore"}
    defaults.update(fields)
    group = producers.add_child(instance=ProducerGroupPage(title=title, **defaults))
    if publish:
        group.save_revision().publish()
    return producer_group_provision(group_page=group)


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
