"""Prints, as JSON, what the benchmark needs from the database: page counts, a fixed random
sample of product and group URLs, and real filter values for the shop listing.

Run by bench/run.py with the benchmark's environment (DJANGO_SETTINGS_MODULE, DATABASE_URL).
"""

import json
import random
import sys
from urllib.parse import urlsplit

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db.models import Count  # noqa: E402

from catalog.models import CraftCategory, ProducerGroupPage, ProductPage  # noqa: E402
from events.models import MelaIndexPage, MelaPage  # noqa: E402


def relative(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sample_paths(queryset, size: int, rng: random.Random) -> list[str]:
    ids = sorted(queryset.values_list("pk", flat=True))
    chosen = rng.sample(ids, min(size, len(ids)))
    pages = {page.pk: page for page in queryset.model.objects.filter(pk__in=chosen)}
    return [relative(pages[pk].get_url()) for pk in chosen if pk in pages]


def main() -> None:
    product_count = int(sys.argv[1]) if len(sys.argv) > 1 else 64
    group_count = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    rng = random.Random(20050415)  # fixed: every run hits the same pages
    live_products = ProductPage.objects.live().public().filter(producer_group__live=True)
    live_groups = ProducerGroupPage.objects.live().public()
    categories = list(
        CraftCategory.objects.annotate(n=Count("products"))
        .filter(n__gt=0)
        .order_by("-n", "slug")
        .values_list("slug", flat=True)[:3]
    )
    locations = list(
        live_groups.values("province", "district")
        .annotate(n=Count("pk"))
        .order_by("-n", "province", "district")[:1]
    )
    total_live = live_products.count()
    print(
        json.dumps(
            {
                "products_total": ProductPage.objects.count(),
                "products_live": total_live,
                "groups_total": ProducerGroupPage.objects.count(),
                "groups_live": live_groups.count(),
                "shop_pages": max(1, -(-total_live // settings.SHOP_PAGE_SIZE)),
                "categories": categories,
                "location": locations[0] if locations else None,
                "product_paths": sample_paths(live_products, product_count, rng),
                "group_paths": sample_paths(live_groups, group_count, rng),
                # The mixed load's mela pages: the listing and every live mela.
                "mela_paths": [relative(page.get_url()) for page in MelaIndexPage.objects.live()]
                + sample_paths(MelaPage.objects.live().public(), 8, rng),
            }
        )
    )


if __name__ == "__main__":
    main()
