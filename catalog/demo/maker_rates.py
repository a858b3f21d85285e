"""Demo makers' rates: each demo product's credited artisans get a piece rate and the hours a
piece takes, so product pages show the whole price split and the fair-wage check.

Deterministic (seeded by the SKU) and idempotent: products that already have rates are left
alone. Most demo rates reach the example minimum wage; about one product in six does not, so
the groups' "Below the minimum wage" listing has something to show.
"""

import random
from decimal import Decimal

from catalog.models import MakerRate, ProductPage
from marketplace.money import to_money
from marketplace.translations import default_locale_id

HOURS_CHOICES = (Decimal("2"), Decimal("4"), Decimal("6"), Decimal("10"), Decimal("16"))


def demo_maker_rates_ensure() -> int:
    """Give rates to every demo product with credited artisans and none yet; returns how many."""
    products = (
        ProductPage.objects.filter(locale_id=default_locale_id(), maker_rates__isnull=True)
        .prefetch_related("artisans", "variants")
        .distinct()
    )
    rates = []
    for product in products:
        artisans = list(product.artisans.all())
        variants = list(product.variants.all())
        if not artisans or not variants:
            continue
        rng = random.Random(variants[0].sku)
        price = min(variant.price for variant in variants)
        # What reaches the makers: a quarter to two fifths of the price, shared between them.
        makers_share = price * Decimal(rng.choice((25, 30, 35, 40))) / 100
        below = rng.random() < 0.17
        for artisan in artisans:
            piece_rate = to_money(round(makers_share / len(artisans) / 10) * 10)
            hourly_target = (
                Decimal(rng.choice((110, 150))) if below else Decimal(rng.choice((200, 240, 300)))
            )
            hours = max(Decimal("0.5"), (piece_rate / hourly_target).quantize(Decimal("0.5")))
            rates.append(
                MakerRate(
                    product=product,
                    artisan=artisan,
                    piece_rate=piece_rate,
                    hours_per_piece=hours,
                )
            )
    MakerRate.objects.bulk_create(rates, ignore_conflicts=True)
    return len(rates)
