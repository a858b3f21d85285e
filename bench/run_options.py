"""`make bench`'s command-line options, and which sections a run takes."""

import argparse
import os

from bench.run_catalog import TARGET_CONNECTIONS

# In the order they run; `--only` takes any of them, or catalog target names.
SECTIONS = ("catalog", "mixed", "checkout", "tasks", "pages", "scale")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="make bench: the Crafts Mela benchmark")
    parser.add_argument("--scale", type=int, default=10_000, help="products in the demo data")
    parser.add_argument("--duration", type=float, default=8.0, help="seconds of load per target")
    parser.add_argument(
        "--warmup", type=float, default=2.0, help="seconds of unrecorded load per target"
    )
    parser.add_argument("--connections", type=int, default=TARGET_CONNECTIONS)
    parser.add_argument("--max-requests", type=int, default=50_000, help="per target, at most")
    parser.add_argument(
        "--cache",
        choices=["both", "on", "off"],
        default="both",
        help="page cache on (warm hits), off (PAGE_CACHE_SECONDS=0), or both",
    )
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", "3")))
    parser.add_argument("--worker-class", default=os.environ.get("BENCH_WORKER_CLASS", "gthread"))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("BENCH_THREADS", "4")))
    parser.add_argument(
        "--worker-connections",
        type=int,
        default=int(os.environ.get("BENCH_WORKER_CONNECTIONS", "0")),
        help="connections a gthread worker holds at most (0: threads + 2, as deploy/ does)",
    )
    parser.add_argument("--loadgen", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--database", choices=["auto", "postgres", "sqlite"], default="auto")
    parser.add_argument("--db-name", default=os.environ.get("BENCH_DB_NAME", "crafts_mela_bench"))
    parser.add_argument(
        "--redis-db",
        type=int,
        default=int(os.environ.get("BENCH_REDIS_DB", "3")),
        help="Redis database number used (and flushed) by the benchmark",
    )
    parser.add_argument("--products", type=int, default=64, help="product pages in the sample")
    parser.add_argument("--groups", type=int, default=32, help="group pages in the sample")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated sections or catalog targets to run: "
        + ", ".join(SECTIONS)
        + ', or a catalog target such as "shop page 1"',
    )
    parser.add_argument(
        "--scales",
        default=os.environ.get("BENCH_SCALES", "1000,10000"),
        help="catalogue sizes of the scale section (make bench-100k: 1000,100000)",
    )
    parser.add_argument(
        "--scale-duration", type=float, default=3.0, help="scale: seconds of load per page"
    )
    parser.add_argument("--mixed-cart-clients", type=int, default=4, help="of the 16 browsers")
    parser.add_argument("--mixed-order-clients", type=int, default=2)
    parser.add_argument("--mixed-orders-per-second", type=float, default=5.0)
    parser.add_argument(
        "--checkout-variants", type=int, default=32, help="variants (one per group) bought"
    )
    parser.add_argument("--checkout-lines", type=int, default=1, help="lines per bench order")
    parser.add_argument("--max-orders", type=int, default=20_000, help="checkout, at most")
    parser.add_argument("--rebuild", action="store_true", help="drop and reload the bench database")
    parser.add_argument(
        "--no-load", action="store_true", help="use the bench database as it is (no load_demo)"
    )
    parser.add_argument(
        "--prepare-only", action="store_true", help="prepare the bench database, then stop"
    )
    parser.add_argument(
        "--keep-server",
        type=float,
        default=0,
        help="keep gunicorn up this many seconds after the last target (profiling)",
    )
    return parser.parse_args(argv)


def sections_wanted(args: argparse.Namespace) -> tuple[set[str], set[str]]:
    """(sections to run, catalog target names to keep: empty for all)."""
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    if not only:
        return set(SECTIONS), set()
    targets = only - set(SECTIONS)
    sections = only & set(SECTIONS)
    if targets:
        sections.add("catalog")
    return sections, targets
