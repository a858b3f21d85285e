"""The checkout section of `make bench` as run.py runs it: prepares the variants
(bench/checkout_prepare.py), then measures orders/s in one gunicorn between two runs of the
bare view."""

import json
import subprocess
import sys

from bench import checkout
from bench.loadgen import run_load
from bench.run_catalog import BARE
from bench.run_common import HOST, REDIS, RESULTS, ROOT, log
from bench.run_server import gunicorn


def run_checkout_section(env: dict, args, redis, stamp: str) -> dict:
    """Guest cash-on-delivery checkouts (bench/checkout.py) against the bare view measured in
    the same gunicorn just before and after, with the page cache on as in production."""
    prepared = json.loads(
        subprocess.run(
            [sys.executable, "-m", "bench.checkout_prepare", str(args.checkout_variants)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    log(
        f"checkout: {len(prepared['variant_ids'])} variants given stock "
        f"{checkout.BENCH_STOCK}; {prepared['deleted_rows']} rows of earlier bench orders removed"
    )
    env = env | {"PAGE_CACHE_SECONDS": "300"}
    if redis is not None:
        env["REDIS_URL"] = "redis://{host}:{port}/".format(**REDIS) + str(args.redis_db)
        redis.flushdb()
    bare_load = {
        "host": HOST,
        "paths": BARE[1],
        "connections": args.connections,
        "max_requests": args.max_requests,
        "tool": args.loadgen,
    }
    orders = {
        "host": HOST,
        "variant_ids": prepared["variant_ids"],
        "clients": args.connections,
        "max_orders": args.max_orders,
        "lines": args.checkout_lines,
    }
    with gunicorn(env, args, RESULTS / f"gunicorn-{stamp}-checkout.log") as port:
        if args.warmup > 0:
            run_load(port=port, duration=args.warmup, **bare_load)
        bare_before = run_load(port=port, duration=args.duration, **bare_load)
        if args.warmup > 0:
            checkout.run_checkouts(port=port, duration=args.warmup, **orders)
        log(f"checkout: {args.connections} clients placing orders for {args.duration:g} s")
        result = checkout.run_checkouts(
            port=port,
            duration=args.duration,
            cpu_markers=(f"{HOST}:{port}", f" {args.db_name} "),
            **orders,
        )
        bare_after = run_load(port=port, duration=args.duration, **bare_load)
    bare_rps = [bare_before.requests_per_second, bare_after.requests_per_second]
    report = checkout.judge(result, bare_rps)
    report["bare_errors"] = bare_before.errors + bare_after.errors
    return report
