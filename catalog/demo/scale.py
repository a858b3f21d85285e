"""A large benchmark catalogue: N products, 20 per producer group, reusing 36 pictures.

Groups are made and provisioned like the demo groups (one staff user each); their artisans
and products are inserted in bulk (`bulk_pages.py`) and indexed in bulk (`indexing.py`).
Product j always gets SKU SCALE-<j>, so running again with the same N creates nothing and a
larger N adds only the difference.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from math import ceil

from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.images.models import Image
from wagtail.models import Collection
from wagtail.rich_text import RichText

from catalog.demo import users
from catalog.demo.builder import (
    PICTURE_DESCRIPTIONS,
    craft_image_title,
    image_ensure,
    product_from_template,
    product_variants,
    taxonomy_ensure,
)
from catalog.demo.bulk_pages import pages_bulk_add
from catalog.demo.data.products import COLOURWAYS, PRODUCTS
from catalog.demo.images import VARIANTS_PER_CRAFT, craft_picture
from catalog.demo.indexing import index_updates_batched
from catalog.demo.progress import ProgressBar
from catalog.listing_summary import listing_summaries_rebuild
from catalog.models import (
    ArtisanConsent,
    ArtisanPage,
    ProducerGroupIndexPage,
    ProducerGroupPage,
    ProductImage,
    ProductPage,
    ProductVariant,
)
from catalog.services import producer_group_provision
from catalog.terms.services import terms_initial_set
from marketplace import page_cache
from marketplace.site_setup import site_tree_ensure

PRODUCTS_PER_GROUP = 20
ARTISANS_PER_GROUP = 2
GROUPS_PER_INDEX_FLUSH = 25
POOL_COLLECTION = "Benchmark catalogue pictures"
CRAFT_SLUGS = tuple(PRODUCTS)
KINDS = ("union", "cooperative", "association", "federation")
CONSENTS = (ArtisanConsent.FULL_NAME, ArtisanConsent.FIRST_NAME, ArtisanConsent.NOT_SHOWN)
DISTRICTS = (
    ("Punjab", "Lahore"),
    ("Punjab", "Kasur"),
    ("Punjab", "Sheikhupura"),
    ("Punjab", "Gujranwala"),
    ("Punjab", "Sialkot"),
    ("Punjab", "Faisalabad"),
    ("Punjab", "Toba Tek Singh"),
    ("Punjab", "Jhang"),
    ("Punjab", "Multan"),
    ("Punjab", "Vehari"),
    ("Punjab", "Bahawalpur"),
    ("Punjab", "Bahawalnagar"),
    ("Punjab", "Rahim Yar Khan"),
    ("Punjab", "Dera Ghazi Khan"),
    ("Punjab", "Muzaffargarh"),
    ("Sindh", "Karachi"),
    ("Sindh", "Hyderabad"),
    ("Sindh", "Sukkur"),
    ("Sindh", "Khairpur"),
    ("Sindh", "Larkana"),
    ("Sindh", "Tharparkar"),
    ("Sindh", "Matiari"),
    ("Sindh", "Badin"),
    ("Sindh", "Thatta"),
    ("Sindh", "Shikarpur"),
)
FIRST_NAMES = (
    "Amina",
    "Bushra",
    "Fozia",
    "Ghazala",
    "Kulsoom",
    "Nusrat",
    "Perveen",
    "Samina",
    "Shabana",
    "Tasleem",
    "Yasmin",
    "Zarina",
)
FAMILY_NAMES = ("Bibi", "Begum", "Khatoon", "Akhtar", "Mai", "Naz", "Sultana")


@dataclass
class ScaleReport:
    groups: int = 0
    artisans: int = 0
    products: int = 0


def _pool(collection: Collection) -> list[tuple[str, Image]]:
    """(craft slug, image) for every craft in every colourway: the pictures all products share."""
    return [
        (
            craft,
            image_ensure(
                collection=collection,
                title=craft_image_title(craft, variant, "benchmark"),
                content=craft_picture(craft, variant),
                filename=f"benchmark-{craft}-{variant + 1}.jpg",
            )[0],
        )
        for craft in CRAFT_SLUGS
        for variant in range(VARIANTS_PER_CRAFT)
    ]


def _pool_collection() -> Collection:
    existing = Collection.objects.filter(name=POOL_COLLECTION).first()
    return existing or Collection.get_first_root_node().add_child(name=POOL_COLLECTION)


def _group(
    number: int, producers: ProducerGroupIndexPage, report: ScaleReport
) -> ProducerGroupPage:
    slug = f"scale-group-{number:04d}"
    group = ProducerGroupPage.objects.child_of(producers).filter(slug=slug).first()
    if group is None:
        province, district = DISTRICTS[number % len(DISTRICTS)]
        group = producers.add_child(
            instance=ProducerGroupPage(
                # Collections are kept sorted by name (taken from this title): names that sort
                # after every earlier one are appended without renumbering their siblings.
                title=f"Women Workers Group {number:04d}, {district}",
                slug=slug,
                kind=KINDS[number % len(KINDS)],
                province=province,
                district=district,
                founded_year=1995 + number % 28,
                member_count=20 + number * 7 % 400,
                tagline=f"Home-based women workers of {district}, selling their own work.",
                story=[
                    (
                        "paragraph",
                        RichText(
                            f"<p>A benchmark group of home-based workers in {escape(district)}.</p>"
                        ),
                    )
                ],
                contact_phone=f"+92 300 {number:07d}",
            )
        )
        group.save_revision().publish()
        report.groups += 1
        group = producer_group_provision(group_page=group)
        terms_initial_set(
            group=group,
            verification_status="verified",
            payout_method="jazzcash",
            payout_account_number=f"+92 300 {number:07d}",
        )
    if group.staff_group_id is None or group.collection_id is None:
        group = producer_group_provision(group_page=group)
    users.group_staff_ensure(group_page=group)
    return group


def _artisans(group: ProducerGroupPage, number: int) -> tuple[list[ArtisanPage], list[ArtisanPage]]:
    """All the group's artisans, and those of them created now."""
    existing = list(ArtisanPage.objects.child_of(group).order_by("path"))
    names = {artisan.full_name for artisan in existing}
    new = []
    for index in range(ARTISANS_PER_GROUP):
        seq = number * ARTISANS_PER_GROUP + index
        first, family = FIRST_NAMES[seq % len(FIRST_NAMES)], FAMILY_NAMES[seq % len(FAMILY_NAMES)]
        full_name = f"{first} {family} {number}"
        if full_name in names:
            continue
        artisan = ArtisanPage(
            full_name=full_name, consent=CONSENTS[seq % 3], crafts="", producer_group=group
        )
        artisan.title = artisan.public_name
        suffix = hashlib.sha256(full_name.encode()).hexdigest()[:6]
        artisan.slug = f"{slugify(artisan.public_name) or 'artisan'}-{suffix}"
        new.append(artisan)
    pages_bulk_add(parent=group, pages=new)
    return existing + new, new


def _product(
    index: int, group: ProducerGroupPage, artisans: list, pool: list, crafts: dict, techniques: dict
) -> tuple[ProductPage, list[dict]]:
    craft_slug = CRAFT_SLUGS[index % len(CRAFT_SLUGS)]
    templates = PRODUCTS[craft_slug]
    template = templates[index // len(CRAFT_SLUGS) % len(templates)]
    colourways = COLOURWAYS[craft_slug]
    title = f"{template.name}, {colourways[index % len(colourways)]} (no. {index + 1})"
    product = product_from_template(
        template,
        title=title,
        slug=f"{slugify(template.name)}-{index + 1}",
        description=f"<p>{escape(template.description)}</p>",
        category=crafts[craft_slug],
        techniques=techniques,
        producer_group=group,
    )
    product.artisans = [artisans[index % len(artisans)]] if artisans else []
    pictures = [image for craft, image in pool if craft == craft_slug]
    product.gallery_images = [
        ProductImage(
            image=pictures[index % len(pictures)],
            sort_order=0,
            alt_text=f"{title}: {PICTURE_DESCRIPTIONS[craft_slug]}"[:200],
        )
    ]
    variants = product_variants(
        sku=f"SCALE-{index + 1:06d}",
        price=template.price,
        options=template.variants,
        sold_out=index % 11 == 5,
    )
    return product, variants


def _products(indexes: range, group, artisans, pool, crafts, techniques) -> list[ProductPage]:
    skus = ProductVariant.objects.filter(product__producer_group=group, sku__startswith="SCALE-")
    # SCALE-000123 or SCALE-000123-A: the first two parts name the product.
    taken = {"-".join(sku.split("-")[:2]) for sku in skus.values_list("sku", flat=True)}
    built = [
        _product(index, group, artisans, pool, crafts, techniques)
        for index in indexes
        if f"SCALE-{index + 1:06d}" not in taken
    ]
    products = [product for product, _variants in built]
    pages_bulk_add(parent=group, pages=products)
    ProductImage.objects.bulk_create(
        image for product in products for image in _bound(product.gallery_images.all(), product)
    )
    ProductPage.techniques.through.objects.bulk_create(
        ProductPage.techniques.through(productpage_id=product.pk, technique_id=technique.pk)
        for product in products
        for technique in product.techniques.all()
    )
    ProductPage.artisans.through.objects.bulk_create(
        ProductPage.artisans.through(productpage_id=product.pk, artisanpage_id=artisan.pk)
        for product in products
        for artisan in product.artisans.all()
    )
    ProductVariant.objects.bulk_create(
        ProductVariant(product=product, **values)
        for product, variants in built
        for values in variants
    )
    return products


def _bound(images, product: ProductPage) -> list[ProductImage]:
    for image in images:
        image.product_id = product.pk
    return list(images)


def scale_load(
    *, products: int, write: Callable[[str], None] | None = None, is_terminal: bool = False
) -> ScaleReport:
    """Create whatever part of an N-product benchmark catalogue is missing."""
    report = ScaleReport()
    _home, producers = site_tree_ensure()
    crafts, techniques = taxonomy_ensure()
    users.admin_ensure()
    users.moderator_ensure()
    group_count = max(ceil(products / PRODUCTS_PER_GROUP), 1)
    progress = ProgressBar(total=products, label="products", write=write, is_terminal=is_terminal)
    with index_updates_batched() as pending:
        pool = _pool(_pool_collection())
        for number in range(1, group_count + 1):
            start = (number - 1) * PRODUCTS_PER_GROUP
            indexes = range(start, min(start + PRODUCTS_PER_GROUP, products))
            with transaction.atomic():
                group = _group(number, producers, report)
                artisans, new_artisans = _artisans(group, number)
                created = _products(indexes, group, artisans, pool, crafts, techniques)
                listing_summaries_rebuild(product_ids=[product.pk for product in created])
            pending.add_for_search(ArtisanPage, (artisan.pk for artisan in new_artisans))
            pending.add_for_search(ProductPage, (product.pk for product in created))
            report.artisans += len(new_artisans)
            report.products += len(created)
            progress.advance(len(indexes))
            if number % GROUPS_PER_INDEX_FLUSH == 0:
                pending.flush()
    progress.finish()
    page_cache.invalidate()
    return report
