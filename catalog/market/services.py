"""Writes of market information: a day's counters and sales copied into daily rows.

Both write the day's *totals* (an upsert on the day's unique key), so a beat task that runs
again, or twice at once, leaves the same rows: nothing is counted twice.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from catalog.models import ProductDayStats, ProductPage, SearchTermDay
from marketplace.market_counters import counter_store

PRODUCT_COUNTERS = {
    "view": "views",
    "out_of_stock_view": "out_of_stock_views",
    "cart": "add_to_carts",
}
TERM_COUNTERS = {
    "search": "searches",
    "unmet": "unmet_searches",
    "zero": "zero_result_searches",
}


@dataclass(frozen=True)
class CounterCopy:
    products: int
    terms: int


def _split_counts(
    counts: dict[str, int],
) -> tuple[dict[int, dict[str, int]], dict[tuple[str, str], dict[str, int]]]:
    products: dict[int, dict[str, int]] = defaultdict(dict)
    terms: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for field, count in counts.items():
        kind, _sep, rest = field.partition(":")
        if kind in PRODUCT_COUNTERS and rest.isdigit():
            products[int(rest)][PRODUCT_COUNTERS[kind]] = count
        elif kind in TERM_COUNTERS:
            language, _sep, term = rest.partition(":")
            if term:
                terms[language, term][TERM_COUNTERS[kind]] = count
    return products, terms


def market_counters_copy(*, day: datetime.date) -> CounterCopy:
    """Copy `day`'s counters (Redis) into ProductDayStats and SearchTermDay rows."""
    store = counter_store()
    key = day.isoformat()
    products, terms = _split_counts(store.counts(key))
    searchers = store.distinct_counts(key, [f"searchers:{lang}:{term}" for lang, term in terms])
    existing = set(ProductPage.objects.filter(pk__in=products).values_list("pk", flat=True))
    product_rows = [
        ProductDayStats(product_id=pk, day=day, **figures)
        for pk, figures in products.items()
        if pk in existing  # a product deleted since is dropped
    ]
    term_rows = [
        SearchTermDay(
            day=day,
            language=language,
            term=term,
            searchers=searchers[f"searchers:{language}:{term}"],
            **figures,
        )
        for (language, term), figures in terms.items()
    ]
    with transaction.atomic():
        ProductDayStats.objects.bulk_create(
            product_rows,
            update_conflicts=True,
            unique_fields=["product", "day"],
            update_fields=list(PRODUCT_COUNTERS.values()),
        )
        SearchTermDay.objects.bulk_create(
            term_rows,
            update_conflicts=True,
            unique_fields=["day", "language", "term"],
            update_fields=[*TERM_COUNTERS.values(), "searchers"],
        )
    return CounterCopy(products=len(product_rows), terms=len(term_rows))


def product_sales_record(*, day: datetime.date, sales: dict[int, tuple[int, Decimal]]) -> int:
    """Set `day`'s units sold and sales per product ({product id: (units, amount)}); products
    with a row for the day but no sales any more (cancelled) go back to zero."""
    existing = set(ProductPage.objects.filter(pk__in=sales).values_list("pk", flat=True))
    rows = [
        ProductDayStats(product_id=pk, day=day, units_sold=units, sales_amount=amount)
        for pk, (units, amount) in sales.items()
        if pk in existing
    ]
    with transaction.atomic():
        ProductDayStats.objects.filter(day=day).exclude(product_id__in=sales).update(
            units_sold=0, sales_amount=Decimal("0.00")
        )
        ProductDayStats.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["product", "day"],
            update_fields=["units_sold", "sales_amount"],
        )
    return len(rows)
