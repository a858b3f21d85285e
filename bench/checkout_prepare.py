"""The data `make bench`'s checkout clients buy: `python -m bench.checkout_prepare N`, run with
the benchmark's environment, gives N SCALE- variants (live products of live groups, one per
group first) plenty of stock and removes the orders earlier benchmark runs made, so every run
starts from the same data. Prints the variant ids as JSON."""

import json
import sys

from bench.checkout import BENCH_BUYER, BENCH_STOCK


def prepare(count: int) -> dict:
    import django

    django.setup()
    from django.db import connection, transaction

    from bench.database_guard import bench_database_require
    from catalog.models import ProductVariant
    from orders.models import Order

    on_sale = (
        ProductVariant.objects.filter(
            sku__startswith="SCALE-",
            is_active=True,
            product__live=True,
            product__producer_group__live=True,
        )
        .order_by("product__producer_group_id", "pk")
        .values_list("pk", "product__producer_group_id")
    )
    # One variant per group first, so a two-line order spans two groups.
    chosen, groups = [], set()
    for variant_id, group_id in on_sale.iterator():
        if group_id not in groups:
            groups.add(group_id)
            chosen.append(variant_id)
        if len(chosen) >= count:
            break
    bench_database_require(connection)  # it deletes orders and sets stock
    with transaction.atomic():
        deleted, _detail = Order.objects.filter(contact_name=BENCH_BUYER).delete()
        ProductVariant.objects.filter(pk__in=chosen).update(stock=BENCH_STOCK)
    return {"variant_ids": chosen, "groups": len(groups), "deleted_rows": deleted}


if __name__ == "__main__":
    print(json.dumps(prepare(int(sys.argv[1]) if len(sys.argv) > 1 else 32)))
