"""Demo market information for `manage.py load_demo`: thirty days of views, carts and sales
for the demo products, and searches that found little, so the screen has something to show.
Seeded, so every load gives the same figures; rows already there are left alone."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from catalog.models import ProductDayStats, ProductPage, SearchTermDay
from marketplace.translations import default_locale_id

DAYS = 30
UNMET_TERMS = [
    ("en", "ajrak bedsheet", 14, 9),
    ("en", "kantha throw", 9, 9),
    ("en", "sindhi cap", 7, 4),
    ("ur", "رلی تکیہ", 11, 6),
    ("ur", "چنری دوپٹہ سبز", 6, 6),
]


def demo_market_figures_ensure() -> int:
    rng = random.Random(20261130)
    today = timezone.localdate()
    products = list(
        ProductPage.objects.filter(locale_id=default_locale_id())
        .order_by("pk")
        .values_list("pk", flat=True)[:60]
    )
    prices = dict(
        ProductPage.objects.filter(pk__in=products).order_by().values_list("pk", "variants__price")
    )
    rows = []
    for back in range(DAYS):
        day = today - datetime.timedelta(days=back + 1)
        for pk in products:
            views = rng.randint(0, 12)
            units = rng.choice([0, 0, 0, 1, 1, 2]) if views > 4 else 0
            rows.append(
                ProductDayStats(
                    product_id=pk,
                    day=day,
                    views=views,
                    out_of_stock_views=rng.choice([0, 0, 0, 0, 1]) if views else 0,
                    add_to_carts=min(views, units + rng.randint(0, 2)),
                    units_sold=units,
                    sales_amount=(prices.get(pk) or Decimal("0")) * units,
                )
            )
    created = ProductDayStats.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    SearchTermDay.objects.bulk_create(
        [
            SearchTermDay(
                day=today - datetime.timedelta(days=2),
                language=language,
                term=term,
                searches=searches,
                unmet_searches=unmet,
                zero_result_searches=unmet,
                searchers=searches,
            )
            for language, term, searches, unmet in UNMET_TERMS
        ],
        ignore_conflicts=True,
    )
    return len(created)
