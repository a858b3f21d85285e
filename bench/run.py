"""`make bench`: throughput and latency of the anonymous catalog pages, as ratios to a bare view.

Prepares a dedicated database once (PostgreSQL crafts_mela_bench, or SQLite under
bench/results/ when PostgreSQL is down) with `load_demo --scale 10000`, starts gunicorn on
127.0.0.1 with production settings, and runs a bounded load (wrk, or a Python fallback)
against the bare Django view and the shop listing, product and group pages, with the page
cache on (warm cache hits) and off (every request rendered). Prints a table with PASS/MISS
against the targets and saves the figures to bench/results/catalog-<timestamp>.json.

A benchmark reports: a MISS does not make the exit status non-zero. See bench/README.md.
"""

import argparse
import datetime
import json
import os
import platform
import sys

from bench import checkout, page_budget
from bench import tasks as task_bench
from bench.loadgen import wrk_available
from bench.run_catalog import (
    TARGET_CONNECTIONS,
    TARGET_P95_MS,
    TARGET_RATIO,
    bare_summary,
    build_targets,
    print_table,
    run_mode,
)
from bench.run_checkout import run_checkout_section
from bench.run_common import HOST, RESULTS, ROOT, log
from bench.run_database import base_environment, prepare_database, redis_client


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
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
        help='comma-separated target names to run ("checkout", "tasks" and "pages" included)',
    )
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
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    if args.loadgen == "wrk" and not wrk_available():
        sys.exit("wrk is not installed (Debian: apt-get install wrk); use --loadgen python.")
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    if {name.strip() for name in args.only.split(",")} == {"pages"}:
        # Page budgets: a demo site of their own, served to a throttled phone browser.
        return page_budget.main([])
    if {name.strip() for name in args.only.split(",")} == {"tasks"}:
        # The tasks section has a database of its own: no catalogue to prepare.
        task_bench.print_table(task_bench.run_section(base_environment(""), args))
        return 0
    database_label, env, facts = prepare_database(args)
    if args.prepare_only:
        log(f"bench database ready: {database_label}, {facts['products_live']} live products")
        return 0
    redis = redis_client(args.redis_db)
    redis_label = f"Redis db {args.redis_db}" if redis else "locmem per worker (Redis is down)"
    targets = build_targets(facts)
    run_checkout = run_tasks = run_pages = True
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        targets = [target for target in targets if target[0] in wanted]
        run_checkout = "checkout" in wanted
        run_tasks = "tasks" in wanted
        run_pages = "pages" in wanted
    tool = args.loadgen if args.loadgen != "auto" else ("wrk" if wrk_available() else "python")
    modes = ["on", "off"] if args.cache == "both" and targets else [args.cache] if targets else []

    print()
    print(f"Crafts Mela catalog benchmark, {stamp}")
    print(
        f"  data:      {facts['products_live']} live products ({facts['products_total']} in all), "
        f"{facts['groups_live']} live groups; {database_label}"
    )
    print(
        f"  server:    gunicorn, {args.workers} {args.worker_class} workers"
        + (f" x {args.threads} threads" if args.threads > 1 else "")
        + f", DEBUG=0, on {HOST}; cache: {redis_label}"
    )
    print(
        f"  load:      {tool}, {args.connections} connections, {args.duration:g} s per target "
        f"(at most {args.max_requests} requests) after {args.warmup:g} s warm-up"
    )
    print(
        f"  machine:   {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}, "
        f"Python {platform.python_version()}"
    )
    print(
        f"  targets:   catalog req/s >= {TARGET_RATIO:.0%} of the bare view's, "
        f"p95 < {TARGET_P95_MS:.0f} ms at {TARGET_CONNECTIONS} clients, no errors"
        + (
            f"; checkout >= {checkout.TARGET_ORDERS_PER_SECOND:.0f} orders/s, no errors"
            if run_checkout
            else ""
        )
    )
    if tool == "python":
        print(
            "  note:      the Python load generator shares the 2 cores with gunicorn; "
            "install wrk for figures closer to the server's capacity"
        )

    reports = []
    for mode in modes:
        reports.append(run_mode(mode, env, args, targets, redis, stamp))

    checkout_report = run_checkout_section(env, args, redis, stamp) if run_checkout else None
    tasks_report = task_bench.run_section(env, args) if run_tasks else None
    pages_report = page_budget.run_section(page_budget.parse_args([])) if run_pages else None

    for report in reports:
        print_table(report, redis_label)
    if checkout_report is not None:
        checkout.print_table(checkout_report, args.checkout_lines)
    if run_tasks:
        task_bench.print_table(tasks_report)
    if pages_report is not None:
        page_budget.print_table(pages_report)
    misses = [
        f"{row['target']} (cache {report['mode']})"
        for report in reports
        for row in report["rows"]
        if row["verdict"] == "MISS"
    ]
    if checkout_report is not None and checkout_report["verdict"] == "MISS":
        misses.append("checkout")
    if pages_report is not None:
        misses += [
            f"page budget {r['page']}" for r in pages_report["rows"] if r["verdict"] != "PASS"
        ]
    print()
    if misses:
        print("MISSED targets: " + "; ".join(misses))
        print("(a benchmark reports; a miss does not change the exit status)")
    else:
        print("All targets PASS.")

    output = RESULTS / f"catalog-{stamp}.json"
    output.write_text(
        json.dumps(
            {
                "timestamp": stamp,
                "database": database_label,
                "cache_backend": redis_label,
                "server": {
                    "workers": args.workers,
                    "worker_class": args.worker_class,
                    "threads": args.threads,
                },
                "load": {
                    "tool": tool,
                    "connections": args.connections,
                    "duration_seconds": args.duration,
                    "warmup_seconds": args.warmup,
                    "max_requests": args.max_requests,
                },
                "targets": {
                    "ratio_min": TARGET_RATIO,
                    "p95_ms_max": TARGET_P95_MS,
                    "connections": TARGET_CONNECTIONS,
                },
                "data": {
                    key: facts[key]
                    for key in ("products_total", "products_live", "groups_total", "groups_live")
                },
                "machine": {
                    "cpus": os.cpu_count(),
                    "loadavg": os.getloadavg(),
                    "python": platform.python_version(),
                },
                "modes": [
                    {
                        "mode": report["mode"],
                        "bare": bare_summary(report["bare_runs"]),
                        "bare_runs": [run["result"].as_dict() for run in report["bare_runs"]],
                        "rows": [
                            {**row, "result": row["result"].as_dict()} for row in report["rows"]
                        ],
                    }
                    for report in reports
                ],
                "pages": pages_report,
                "checkout": None
                if checkout_report is None
                else {
                    **checkout_report,
                    "result": checkout_report["result"].as_dict(),
                    "lines_per_order": args.checkout_lines,
                },
            },
            indent=2,
        )
    )
    print(f"Saved {output.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
