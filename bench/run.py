"""`make bench` (`python -m bench.run`): the site's speed, as ratios to a bare view measured in
the same run, with PASS/MISS against the targets of the issues.

Sections, in order (`--only` picks some): catalog pages with the page cache on and off; a
mixed load (browsing, ordering and staff edits at once); checkout orders/s; Celery task rates;
page budgets on a slow phone; the cost of a miss at several catalogue sizes. Load goes only to
127.0.0.1, bounded in time and count; every database the bench writes is one it made. A MISS
does not change the exit status. See bench/README.md.
"""

import datetime
import sys
import traceback
from collections.abc import Callable

from bench import checkout, mixed, page_budget, scale
from bench import tasks as task_bench
from bench.loadgen import wrk_available
from bench.run_catalog import build_targets, print_table, run_mode
from bench.run_checkout import run_checkout_section
from bench.run_common import log
from bench.run_database import base_environment, prepare_database, redis_client
from bench.run_options import parse_args, sections_wanted
from bench.run_report import misses, print_header, save

NEEDS_MAIN_DATABASE = {"catalog", "mixed", "checkout"}


def _guarded(results: dict, name: str, run: Callable[[], object]) -> None:
    """Runs one section; a section that cannot run is reported with its reason, and the
    sections after it still run (their figures are not lost with it)."""
    try:
        results[name] = run()
    except Exception as error:
        traceback.print_exc()
        log(f"{name}: could not run: {error}")
        results.setdefault("failed", {})[name] = f"{type(error).__name__}: {error}"


def run_sections(args, sections: set[str], targets: set[str], stamp: str) -> tuple[dict, dict]:
    """Runs the sections; returns (results by section, what the run was made on)."""
    results: dict = {}
    context: dict = {}
    redis = redis_client(args.redis_db)
    if sections & NEEDS_MAIN_DATABASE:
        database, env, facts = prepare_database(args)
        cache = f"Redis db {args.redis_db}" if redis else "locmem per worker (Redis is down)"
        tool = args.loadgen if args.loadgen != "auto" else ("wrk" if wrk_available() else "python")
        print_header(args, stamp, facts, database, cache, tool)
        context = {"database": database, "cache_backend": cache, "load_tool": tool}
        if "catalog" in sections:
            chosen = [t for t in build_targets(facts) if not targets or t[0] in targets]
            modes = ["on", "off"] if args.cache == "both" else [args.cache]
            results["catalog"] = [run_mode(m, env, args, chosen, redis, stamp) for m in modes]
        if "mixed" in sections:
            _guarded(results, "mixed", lambda: mixed.run_section(env, args, redis, stamp, facts))
        if "checkout" in sections:
            _guarded(results, "checkout", lambda: run_checkout_section(env, args, redis, stamp))
    if "tasks" in sections:
        _guarded(results, "tasks", lambda: task_bench.run_section(base_environment(""), args))
    if "pages" in sections:
        _guarded(results, "pages", lambda: page_budget.run_section(page_budget.parse_args([])))
    if "scale" in sections:
        _guarded(results, "scale", lambda: scale.run_section(args, stamp))
    return results, context


def print_results(args, results: dict) -> None:
    for report in results.get("catalog", []):
        print_table(report, f"Redis db {args.redis_db}")
    printers = {
        "mixed": mixed.print_table,
        "checkout": lambda report: checkout.print_table(report, args.checkout_lines),
        "tasks": task_bench.print_table,
        "pages": page_budget.print_table,
        "scale": scale.print_table,
    }
    for name, printer in printers.items():
        if name in results:
            printer(results[name])
    missed = misses(results)
    print()
    print("MISSED targets: " + "; ".join(missed) if missed else "All targets PASS.")
    if missed:
        print("(a benchmark reports; a miss does not change the exit status)")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.loadgen == "wrk" and not wrk_available():
        sys.exit("wrk is not installed (Debian: apt-get install wrk); use --loadgen python.")
    if args.prepare_only:
        database, _env, facts = prepare_database(args)
        log(f"bench database ready: {database}, {facts['products_live']} live products")
        return 0
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    sections, targets = sections_wanted(args)
    results, context = run_sections(args, sections, targets, stamp)
    print_results(args, results)
    print(f"Saved {save(args, stamp, results, context)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
