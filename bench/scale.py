"""`make bench`'s scale section: does a miss cost the same at 1k, 10k and 100k products?

For each catalogue size of `--scales` (default 1,000 and 10,000; `make bench-100k` adds
100,000) the bench database of that size (made once by `load_demo --scale N`, the project's
bulk path; the size given by --scale is the main bench database, the others are
`<db-name>_<N>`) is served by gunicorn with the page cache off, and five pages are loaded with
`--connections` clients for `--scale-duration` seconds each: shop page 1, a filtered page, the
last page, a search and product pages. The table gives each page's p95 per size and the ratio
of the largest size's p95 to the smallest's (target <= 1.3), then the search's query plan at
the largest size (bench/search_plan.py), which should read the GIN index.
"""

import copy
import json
import subprocess
import sys

from bench.loadgen import run_load
from bench.run_catalog import warm
from bench.run_common import HOST, RESULTS, ROOT, log
from bench.run_database import prepare_database
from bench.run_server import gunicorn

TARGET_GROWTH = 1.3  # p95 at the largest size / p95 at the smallest, at most
SEARCH_WORDS = "ralli"


def scale_pages(facts: dict) -> list[tuple[str, list[str]]]:
    categories = facts["categories"] or ["ralli-quilts"]
    return [
        ("shop page 1", ["/shop/"]),
        ("shop filtered", [f"/shop/?category={categories[0]}&in_stock=on"]),
        ("shop last page", [f"/shop/?page={facts['shop_pages']}"]),
        ("search", [f"/shop/?q={SEARCH_WORDS}"]),
        ("product pages", facts["product_paths"][:16]),
    ]


def scale_args(args, scale: int):
    """`args` for the bench database of `scale` products."""
    sized = copy.copy(args)
    sized.scale = scale
    if scale != args.scale:
        sized.db_name = f"{args.db_name}_{scale}"
    return sized


def measure_scale(args, scale: int, stamp: str) -> dict:
    sized = scale_args(args, scale)
    label, env, facts = prepare_database(sized)
    env = env | {"PAGE_CACHE_SECONDS": "0"}
    load = {"host": HOST, "connections": args.connections, "max_requests": args.max_requests}
    load["tool"] = args.loadgen
    pages = {}
    with gunicorn(env, args, RESULTS / f"gunicorn-{stamp}-scale-{scale}.log") as port:
        for name, paths in scale_pages(facts):
            problems = warm(port, paths)
            run_load(port=port, paths=paths, duration=1.0, **load)
            log(f"scale {scale}: {name}")
            result = run_load(port=port, paths=paths, duration=args.scale_duration, **load)
            pages[name] = {
                "p95_ms": result.p95_ms,
                "rps": result.requests_per_second,
                "answered": result.requests - result.socket_errors - result.timeouts,
                "errors": result.errors + len(problems),
            }
    plan = subprocess.run(
        [sys.executable, "-m", "bench.search_plan", SEARCH_WORDS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return {
        "scale": scale,
        "database": label,
        "products_live": facts["products_live"],
        "pages": pages,
        "search_plan": json.loads(plan.stdout.strip().splitlines()[-1])
        if plan.returncode == 0
        else {"error": plan.stderr[-500:]},
    }


def run_section(args, stamp: str) -> dict:
    scales = sorted({int(size) for size in args.scales.split(",") if size.strip()})
    measured = [measure_scale(args, scale, stamp) for scale in scales]
    return {"scales": measured, "rows": judge(measured)}


def judge(measured: list[dict]) -> list[dict]:
    """A row per page: its p95 at each size and whether its growth stays within the target."""
    smallest, largest = measured[0], measured[-1]
    rows = []
    for name in smallest["pages"]:
        first, last = smallest["pages"][name], largest["pages"][name]
        growth = last["p95_ms"] / first["p95_ms"] if first["p95_ms"] else None
        errors = sum(size["pages"][name]["errors"] for size in measured)
        reasons = []
        if growth is None or growth > TARGET_GROWTH:
            reasons.append(f"growth>{TARGET_GROWTH}")
        if errors:
            reasons.append("errors")
        if any(not size["pages"][name].get("answered") for size in measured):
            # No answer within the load's seconds: no p95 to compare (it reads as 0 ms).
            reasons.append("no answers")
        if len(measured) < 2:
            reasons.append("one size only")
        rows.append(
            {
                "page": name,
                "p95_ms": {size["scale"]: size["pages"][name]["p95_ms"] for size in measured},
                "growth": None if growth is None else round(growth, 2),
                "errors": errors,
                "verdict": "MISS" if reasons else "PASS",
                "reasons": reasons,
            }
        )
    return rows


def print_table(report: dict) -> None:
    measured = report["scales"]
    print()
    print(
        "Scale: page cache OFF, p95 per catalogue size ("
        + ", ".join(f"{size['products_live']:,} live products" for size in measured)
        + ")"
    )
    sizes = [size["scale"] for size in measured]
    header = (
        f"{'page':<15} "
        + " ".join(f"{f'p95 {size:,}':>12}" for size in sizes)
        + f" {f'{sizes[-1]:,}/{sizes[0]:,}':>14} {'errors':>6}  result"
    )
    print(header)
    print("-" * len(header))
    for row in report["rows"]:
        growth = f"{row['growth']:.2f}" if row["growth"] is not None else "-"
        verdict = row["verdict"] + (f" ({', '.join(row['reasons'])})" if row["reasons"] else "")
        print(
            f"{row['page']:<15} "
            + " ".join(f"{row['p95_ms'][size]:>9.1f} ms" for size in sizes)
            + f" {growth:>14} {row['errors']:>6}  {verdict}"
        )
    print(f"(target: p95 at {sizes[-1]:,} <= {TARGET_GROWTH} x p95 at {sizes[0]:,})")
    plan = measured[-1]["search_plan"]
    print()
    if "plan" not in plan:
        print(f"Search query plan: not available ({plan.get('error', '')})")
        return
    print(
        f"Search query plan at {sizes[-1]:,} products, q={plan['words']!r} "
        f"({plan['matches']} matches; GIN index used: {'yes' if plan['uses_gin_index'] else 'NO'})"
    )
    for line in plan["plan"]:
        print(f"  {line}")
