"""Builds the demo site through Wagtail's page tree, the way an editor would.

Every page is added with `parent.add_child(instance=...)` and published from a revision;
every producer group is provisioned by `catalog.services.producer_group_provision`. Each
group is built in one transaction, so an interrupted load leaves no half-built group.
"""

import io
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.images.models import Image
from wagtail.models import Collection
from wagtail.rich_text import RichText

from catalog.demo import users
from catalog.demo.data.groups import GROUPS
from catalog.demo.data.products import COLOURWAYS, PRODUCTS
from catalog.demo.data.seeds import GroupSeed
from catalog.demo.data.taxonomy import CRAFTS, TECHNIQUES
from catalog.demo.images import VARIANTS_PER_CRAFT, craft_picture, logo_picture
from catalog.demo.indexing import index_updates_batched
from catalog.demo.maker_rates import demo_maker_rates_ensure
from catalog.models import (
    ArtisanPage,
    CraftCategory,
    ProducerGroupIndexPage,
    ProducerGroupPage,
    ProducerGroupPhoto,
    ProductImage,
    ProductPage,
    ProductVariant,
    Technique,
)
from catalog.services import producer_group_provision
from catalog.terms.services import terms_initial_set
from marketplace.site_setup import site_tree_ensure

CRAFT_CODES = {craft.slug: craft.code for craft in CRAFTS}
CRAFT_NAMES = {craft.slug: craft.name for craft in CRAFTS}
VARIANT_LETTERS = "ABC"

# What each craft's generated picture shows, for alternative text.
PICTURE_DESCRIPTIONS = {
    "hand-embroidery": "rows of embroidered flowers with small mirrors at their centres",
    "ralli-quilts": "patchwork squares, triangles and diamonds crossed by rows of running stitch",
    "block-printing": "block-printed stars in rows between two dotted borders",
    "chunri-bandhani": "rings of tiny tie-dyed dots on a deep ground",
    "khussa-shoes": "a pair of pointed khussas covered in embroidered dots",
    "basketry": "a coiled palm-leaf basket seen from above, with dyed bands",
    "pottery": "a round glazed plate painted with a ring of flowers",
    "glass-bangles": "three rows of overlapping glass bangles",
    "stitched-garments": "a striped garment with an embroidered neckline",
}


@dataclass
class LoadReport:
    """What one load created; a second load of the same data reports zeros."""

    groups: int = 0
    artisans: int = 0
    products: int = 0
    variants: int = 0
    images: int = 0
    users: int = 0
    maker_rates: int = 0


def taxonomy_ensure() -> tuple[dict[str, CraftCategory], dict[str, Technique]]:
    """Crafts and techniques by slug; existing rows (maybe edited since) are left alone."""
    crafts = {
        seed.slug: CraftCategory.objects.get_or_create(
            slug=seed.slug,
            defaults={"name": seed.name, "name_ur": seed.name_ur, "description": seed.description},
        )[0]
        for seed in CRAFTS
    }
    techniques = {
        seed.slug: Technique.objects.get_or_create(
            slug=seed.slug, defaults={"name": seed.name, "name_ur": seed.name_ur}
        )[0]
        for seed in TECHNIQUES
    }
    return crafts, techniques


def image_ensure(
    *, collection: Collection, title: str, content: bytes, filename: str
) -> tuple[Image, bool]:
    """The image titled `title` in `collection`, created from `content` if it is missing."""
    image = Image.objects.filter(collection=collection, title=title).first()
    if image is not None:
        return image, False
    image = Image(collection=collection, title=title)
    image.file = ImageFile(io.BytesIO(content), name=filename)
    image.save()
    return image, True


def craft_image_title(craft_slug: str, variant: int, suffix: str) -> str:
    return f"{CRAFT_NAMES[craft_slug]}, pattern {variant + 1} ({suffix})"


def _group_page(
    seed: GroupSeed, producers: ProducerGroupIndexPage
) -> tuple[ProducerGroupPage, bool]:
    existing = ProducerGroupPage.objects.child_of(producers).filter(slug=seed.slug).first()
    if existing is not None:
        return existing, False
    story = [("paragraph", RichText(f"<p>{escape(text)}</p>")) for text in seed.story]
    if seed.quote:
        story.append(("quote", {"text": seed.quote[0], "attribution": seed.quote[1]}))
    page = producers.add_child(
        instance=ProducerGroupPage(
            title=seed.title,
            slug=seed.slug,
            kind=seed.kind,
            tagline=seed.tagline,
            country=seed.country,
            province=seed.province,
            district=seed.district,
            founded_year=seed.founded_year,
            member_count=seed.member_count,
            story=story,
            contact_name=seed.contact_name,
            contact_phone=seed.contact_phone,
            contact_email=seed.contact_email,
        )
    )
    page.save_revision().publish()
    return page, True


def _demo_payout_account(seed: GroupSeed) -> dict[str, str]:
    """Made-up account details, so demo payouts can be built (wallets: the contact phone)."""
    account = {"payout_method": seed.payout_method, "payout_account_title": seed.title[:120]}
    if seed.payout_method == "bank":
        digits = f"{zlib.crc32(seed.slug.encode()):016d}"
        return {
            **account,
            "payout_account_number": f"PK00DEMO{digits}",
            "payout_bank_name": "Demo Bank",
        }
    return {**account, "payout_account_number": seed.contact_phone}


def _group_pictures(seed: GroupSeed, group: ProducerGroupPage, report: LoadReport) -> dict:
    """The group's craft pictures, by (craft slug, variant), all in the group's collection."""
    pictures = {}
    for craft_slug in seed.crafts:
        for variant in range(VARIANTS_PER_CRAFT):
            image, created = image_ensure(
                collection=group.collection,
                title=craft_image_title(craft_slug, variant, seed.code),
                content=craft_picture(craft_slug, variant),
                filename=f"{seed.code.lower()}-{craft_slug}-{variant + 1}.jpg",
            )
            pictures[craft_slug, variant] = image
            report.images += created
    return pictures


def _decorate_new_group(
    seed: GroupSeed, group: ProducerGroupPage, pictures: dict, report: LoadReport
) -> None:
    logo, created = image_ensure(
        collection=group.collection,
        title=f"{seed.title} logo",
        content=logo_picture(seed.slug),
        filename=f"{seed.code.lower()}-logo.png",
    )
    report.images += created
    group.logo = logo
    for order, craft_slug in enumerate(seed.crafts[:2]):
        group.photos.add(
            ProducerGroupPhoto(
                image=pictures[craft_slug, order],
                alt_text=f"Work by {seed.title}: {PICTURE_DESCRIPTIONS[craft_slug]}",
                caption=f"{CRAFT_NAMES[craft_slug]} from {seed.district}",
                sort_order=order,
            )
        )
    group.save_revision().publish()


def _artisans(seed: GroupSeed, group: ProducerGroupPage, report: LoadReport) -> list[ArtisanPage]:
    existing = {artisan.full_name: artisan for artisan in ArtisanPage.objects.child_of(group)}
    artisans = []
    for artisan_seed in seed.artisans:
        artisan = existing.get(artisan_seed.full_name)
        if artisan is None:
            artisan = group.add_child(
                instance=ArtisanPage(
                    full_name=artisan_seed.full_name,
                    consent=artisan_seed.consent,
                    crafts=artisan_seed.crafts,
                    bio=artisan_seed.bio,
                )
            )
            artisan.save_revision().publish()
            report.artisans += 1
        artisans.append(artisan)
    return artisans


def product_variants(
    *, sku: str, price: int, options: tuple[tuple[str, int], ...], sold_out: bool
) -> list[dict]:
    """SKU, label, price and stock of a product's variants; same input, same values."""
    rng = random.Random(sku)
    factor = rng.choice((90, 95, 100, 105, 110, 120))
    variants = []
    for index, (label, extra) in enumerate(options):
        amount = round((price + extra) * factor / 100 / 50) * 50
        stock = 0 if sold_out or rng.random() < 0.12 else rng.randint(1, 20)
        variants.append(
            {
                "sku": sku if len(options) == 1 else f"{sku}-{VARIANT_LETTERS[index]}",
                "label": label,
                "price": Decimal(amount).quantize(Decimal("0.01")),
                "stock": stock,
                "sort_order": index,
            }
        )
    return variants


def product_from_template(
    template, *, title: str, slug: str, description: str, category, techniques: dict, **fields
) -> ProductPage:
    """A new, unsaved product page filled in from one of the demo product templates."""
    product = ProductPage(
        title=title,
        slug=slug,
        description=description,
        category=category,
        materials=template.materials,
        dimensions=template.dimensions,
        weight_grams=template.weight_grams,
        care_instructions=template.care,
        made_to_order=template.made_to_order,
        lead_time_days=template.lead_time_days,
        **fields,
    )
    product.techniques = [techniques[slug] for slug in template.techniques]
    return product


def _products(
    seed: GroupSeed,
    group: ProducerGroupPage,
    artisans: list[ArtisanPage],
    pictures: dict,
    crafts: dict,
    techniques: dict,
    report: LoadReport,
) -> None:
    existing_slugs = set(ProductPage.objects.child_of(group).values_list("slug", flat=True))
    for number in range(seed.product_count):
        craft_slug = seed.crafts[number % len(seed.crafts)]
        round_number = number // len(seed.crafts)
        templates = PRODUCTS[craft_slug]
        template = templates[round_number % len(templates)]
        colourways = COLOURWAYS[craft_slug]
        colourway = colourways[(round_number // len(templates) + len(seed.slug)) % len(colourways)]
        title = f"{template.name}, {colourway}"
        sku = f"{seed.code}-{CRAFT_CODES[craft_slug]}-{number + 1:02d}"
        variants = product_variants(
            sku=sku, price=template.price, options=template.variants, sold_out=number % 9 == 4
        )
        slug = slugify(title)
        if slug in existing_slugs or ProductVariant.objects.filter(sku=variants[0]["sku"]).exists():
            continue
        rng = random.Random(sku)
        product = product_from_template(
            template,
            title=title,
            slug=slug,
            description=(
                f"<p>{escape(template.description)}</p>"
                f"<p>Made by members of {escape(seed.title)} in {escape(seed.district)}.</p>"
            ),
            category=crafts[craft_slug],
            techniques=techniques,
        )
        if artisans:
            product.artisans = rng.sample(artisans, k=min(len(artisans), rng.choice((1, 1, 2))))
        variant_number = (round_number + len(title)) % VARIANTS_PER_CRAFT
        product.gallery_images.add(
            ProductImage(
                image=pictures[craft_slug, variant_number],
                alt_text=f"{title}: {PICTURE_DESCRIPTIONS[craft_slug]}"[:200],
            )
        )
        group.add_child(instance=product)
        ProductVariant.objects.bulk_create(
            [ProductVariant(product=product, **values) for values in variants]
        )
        product.save_revision().publish()
        report.products += 1
        report.variants += len(variants)


def group_ensure(
    *,
    seed: GroupSeed,
    producers: ProducerGroupIndexPage,
    crafts: dict,
    techniques: dict,
    report: LoadReport,
) -> ProducerGroupPage:
    """One producer group with its pictures, staff user, artisans and products."""
    with transaction.atomic():
        group, created = _group_page(seed, producers)
        group = producer_group_provision(group_page=group)
        pictures = _group_pictures(seed, group, report)
        if created:
            report.groups += 1
            # Commercial terms live outside the page (catalog.models.terms), set up once.
            terms_initial_set(
                group=group,
                verification_status=seed.verification_status,
                **_demo_payout_account(seed),
            )
            _decorate_new_group(seed, group, pictures, report)
        if users.group_staff_ensure(group_page=group, contact_name=seed.contact_name):
            report.users += 1
        artisans = _artisans(seed, group, report)
        _products(seed, group, artisans, pictures, crafts, techniques, report)
    return group


def demo_load(*, log: Callable[[str], None] | None = None) -> LoadReport:
    """Create whatever part of the demo site is missing; returns what was created."""
    report = LoadReport()
    _home, producers = site_tree_ensure()
    crafts, techniques = taxonomy_ensure()
    report.users += users.admin_ensure() + users.moderator_ensure() + users.finance_ensure()
    for seed in GROUPS:
        before = (report.artisans, report.products)
        # Indexed once per group rather than on each of the many saves of each page.
        with index_updates_batched():
            group_ensure(
                seed=seed, producers=producers, crafts=crafts, techniques=techniques, report=report
            )
        if log is not None:
            log(
                f"{seed.title} ({seed.district}): {report.artisans - before[0]} artisans, "
                f"{report.products - before[1]} products created"
            )
    report.maker_rates += demo_maker_rates_ensure()
    return report
