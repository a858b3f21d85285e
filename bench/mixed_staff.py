"""The staff of `make bench`'s mixed load: `python -m bench.mixed_staff`, run with the bench's
environment (its database, its Redis) while buyers browse and order.

Through the same code paths as the admin: every `--publish-every` seconds a product's new
revision is saved and published (Wagtail's revision publish, which the page cache listens to);
every `--stock-every` seconds a variant's stock is changed on the stock screen's service
(catalog.services.variants_save), alternating between a low and a plentiful stock so each
change crosses a stock band. Variants the checkout clients buy (`--exclude`) are left alone.
Prints one JSON line: actions done, their p95 and the errors met.
"""

import argparse
import json
import time
import traceback

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402

from bench.database_guard import bench_database_require  # noqa: E402
from bench.loadgen import percentile  # noqa: E402
from catalog.models import ProductPage, ProductVariant  # noqa: E402
from catalog.services import VariantEdit, variants_save  # noqa: E402

LOW_STOCK, PLENTY = 3, 40  # either side of the low-stock band
PRODUCTS = 40


def publish(product_id: int, user) -> None:
    page = ProductPage.objects.get(pk=product_id)
    page.save_revision(user=user, log_action=True).publish(user=user)


def stock_change(variant_id: int, user) -> None:
    variant = ProductVariant.objects.select_related("product").get(pk=variant_id)
    entered = LOW_STOCK if variant.stock > LOW_STOCK else PLENTY
    edit = VariantEdit(
        variant=variant, fields_changed=False, stock_entered=entered, stock_shown=variant.stock
    )
    variants_save(product=variant.product, edits=[edit], by=user)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, required=True)
    parser.add_argument("--publish-every", type=float, default=5.0)
    parser.add_argument("--stock-every", type=float, default=2.0)
    parser.add_argument("--exclude", default="", help="variant ids the checkout clients buy")
    args = parser.parse_args()
    bench_database_require(connection)  # it publishes pages and changes stock
    excluded = {int(pk) for pk in args.exclude.split(",") if pk}
    staff = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    variants = list(
        ProductVariant.objects.filter(sku__startswith="SCALE-", is_active=True, product__live=True)
        .exclude(pk__in=excluded)
        .order_by("pk")
        .values_list("pk", "product_id")[:PRODUCTS]
    )
    print("ready", flush=True)  # the load starts now: the clock starts with it
    actions: dict[str, list[float]] = {"publish": [], "stock": []}
    errors: list[str] = []
    started = time.monotonic()
    deadline = started + args.duration
    next_at = {"publish": started + args.publish_every, "stock": started + args.stock_every}
    every = {"publish": args.publish_every, "stock": args.stock_every}
    count = 0
    while variants and time.monotonic() < deadline:
        kind = min(next_at, key=lambda name: next_at[name])
        time.sleep(max(0.0, next_at[kind] - time.monotonic()))
        if time.monotonic() >= deadline:
            break
        next_at[kind] += every[kind]
        variant_id, product_id = variants[count % len(variants)]
        count += 1
        began = time.perf_counter()
        try:
            if kind == "publish":
                publish(product_id, staff)
            else:
                stock_change(variant_id, staff)
        except Exception:  # reported, not raised: the load goes on
            errors.append(traceback.format_exc(limit=2)[-300:])
            continue
        actions[kind].append(time.perf_counter() - began)
    print(
        json.dumps(
            {
                "publishes": len(actions["publish"]),
                "stock_changes": len(actions["stock"]),
                "publish_p95_ms": round(percentile(actions["publish"], 95) * 1000, 1),
                "stock_p95_ms": round(percentile(actions["stock"], 95) * 1000, 1),
                "errors": len(errors),
                "error_samples": errors[:3],
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
