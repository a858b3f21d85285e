"""The catalog section of `make bench`: the targets (shop listing, filtered and paged, product
and group pages), their load in one gunicorn between runs of the bare view, the PASS/MISS
verdicts against the targets and the table of one cache mode."""

import time

from bench.loadgen import LoadResult, run_load
from bench.run_common import HOST, REDIS, RESULTS, log
from bench.run_server import fetch, gunicorn

TARGET_RATIO = 0.50  # catalog page throughput / bare view throughput, at least
TARGET_P95_MS = 60.0  # at TARGET_CONNECTIONS concurrent clients, below
TARGET_CONNECTIONS = 16
# With the page cache off (every request rendered; the product cards' own cache stays on, as
# it does when a page-cache entry goes stale): the ratio each target must reach, and the p95.
CACHE_OFF_RATIOS = {
    "shop page 1": 0.05,
    "shop filtered": 0.05,
    "shop paged": 0.05,
    "product pages": 0.10,
    "group pages": 0.08,
}
CACHE_OFF_P95_MS = 150.0
# One short sample of a rendered page moves by up to half between runs on a shared machine
# (bench/README.md): with the page cache off, each target is measured this many times and the
# run of median throughput is kept.
CACHE_OFF_RUNS = 3

BARE = ("bare", ["/bench/bare/"])


def build_targets(facts: dict) -> list[tuple[str, list[str]]]:
    """The catalog targets; the bare view is measured before and after each of them."""
    categories = facts["categories"] or []
    location = facts["location"] or {}
    last_page = facts["shop_pages"]
    filtered = [f"/shop/?category={slug}" for slug in categories[:2]]
    if location:
        filtered.append(f"/shop/?province={location['province']}&in_stock=on".replace(" ", "+"))
        filtered.append(f"/shop/?district={location['district']}".replace(" ", "+"))
    filtered.append("/shop/?sort=price_asc")
    if categories:
        filtered.append(f"/shop/?category={categories[0]}&sort=price_desc&in_stock=on")
    pages = {2, min(10, last_page), max(1, last_page // 2), last_page}
    return [
        ("shop page 1", ["/shop/"]),
        ("shop filtered", filtered),
        ("shop paged", [f"/shop/?page={number}" for number in sorted(pages)]),
        ("product pages", facts["product_paths"]),
        ("group pages", facts["group_paths"]),
    ]


def warm(port: int, paths: list[str]) -> list[str]:
    """First hits render image renditions; returns the problems found (non-200 answers)."""
    problems = []
    for path in paths:
        status, _headers, _size = fetch(port, path)
        if status != 200:
            problems.append(f"{path} answered {status}")
    return problems


def run_mode(mode: str, env: dict, args, targets, redis, stamp: str) -> dict:
    """One gunicorn, then: bare, target 1, bare, target 2, ..., bare. Each target's ratio is
    to the mean of the bare runs just before and after it, which cancels most of the drift
    of a shared, noisy machine."""
    cache_on = mode == "on"
    env = env | {"PAGE_CACHE_SECONDS": "300" if cache_on else "0"}
    if redis is not None:
        env["REDIS_URL"] = "redis://{host}:{port}/".format(**REDIS) + str(args.redis_db)
        redis.flushdb()  # a dedicated database number: no stale pages from earlier code
    log_path = RESULTS / f"gunicorn-{stamp}-cache-{mode}.log"

    def measure(name: str, paths: list[str], warmup: float) -> dict:
        problems = warm(port, paths)
        for problem in problems:
            log(f"warning: {name}: {problem}")
        load = {
            "host": HOST,
            "port": port,
            "paths": paths,
            "connections": args.connections,
            "max_requests": args.max_requests,
            "tool": args.loadgen,
        }
        if warmup > 0:
            run_load(duration=warmup, **load)
        log(f"cache {mode}: {name} ({len(paths)} URL{'s' if len(paths) > 1 else ''})")
        runs = 1 if cache_on or name == BARE[0] else CACHE_OFF_RUNS
        results = sorted(
            (run_load(duration=args.duration, **load) for _run in range(runs)),
            key=lambda result: result.requests_per_second,
        )
        return {
            "target": name,
            "paths": paths,
            "warmup_problems": problems,
            "result": results[len(results) // 2],
            "runs_rps": [result.requests_per_second for result in results],
        }

    bare_runs, rows = [], []
    with gunicorn(env, args, log_path) as port:
        bare_runs.append(measure(*BARE, warmup=args.warmup))
        for name, paths in targets:
            rows.append(measure(name, paths, warmup=args.warmup))
            bare_runs.append(measure(*BARE, warmup=0))
        if args.keep_server > 0:
            log(f"keeping gunicorn on port {port} for {args.keep_server:.0f} s")
            time.sleep(args.keep_server)
    return judge(mode, bare_runs, rows)


def targets_of(mode: str, target: str) -> tuple[float, float]:
    """(least ratio to the bare view, p95 in ms to stay below) of `target` in cache `mode`."""
    if mode == "off":
        return CACHE_OFF_RATIOS.get(target, TARGET_RATIO), CACHE_OFF_P95_MS
    return TARGET_RATIO, TARGET_P95_MS


def judge(mode: str, bare_runs: list[dict], rows: list[dict]) -> dict:
    bare_rps = [run["result"].requests_per_second for run in bare_runs]
    for index, row in enumerate(rows):
        result: LoadResult = row["result"]
        baseline = (bare_rps[index] + bare_rps[index + 1]) / 2
        row["bare_rps"] = round(baseline, 1)
        row["ratio"] = round(result.requests_per_second / baseline, 3) if baseline else None
        least_ratio, p95_ms = targets_of(mode, row["target"])
        reasons = []
        if row["ratio"] is None or row["ratio"] < least_ratio:
            reasons.append(f"ratio<{least_ratio:.2f}")
        if result.p95_ms >= p95_ms:
            reasons.append(f"p95>={p95_ms:.0f}ms")
        if result.errors or row["warmup_problems"]:
            reasons.append("errors")
        row["verdict"] = "MISS" if reasons else "PASS"
        row["reasons"] = reasons
    return {"mode": mode, "bare_runs": bare_runs, "rows": rows}


def bare_summary(bare_runs: list[dict]) -> dict:
    results = [run["result"] for run in bare_runs]
    by_rps = sorted(result.requests_per_second for result in results)
    return {
        "runs": len(results),
        "requests": sum(result.requests for result in results),
        "rps_mean": round(sum(by_rps) / len(by_rps), 1),
        "rps_min": by_rps[0],
        "rps_max": by_rps[-1],
        "p50_ms_median": sorted(result.p50_ms for result in results)[len(results) // 2],
        "p95_ms_median": sorted(result.p95_ms for result in results)[len(results) // 2],
        "errors": sum(result.errors for result in results),
        "cache_hits": sum(result.cache_hits for result in results),
    }


def print_table(report: dict, redis_label: str) -> None:
    title = {
        "on": f"Page cache ON (PAGE_CACHE_SECONDS=300, {redis_label}): warm cache, anonymous",
        "off": (
            "Page cache OFF (PAGE_CACHE_SECONDS=0): every request rendered, product cards "
            f"kept (catalog.cards); median of {CACHE_OFF_RUNS} runs per target; targets: "
            + ", ".join(f"{name} >= {ratio:.2f}" for name, ratio in CACHE_OFF_RATIOS.items())
            + f", p95 < {CACHE_OFF_P95_MS:.0f} ms"
        ),
    }[report["mode"]]
    print()
    print(title)
    header = (
        f"{'target':<15} {'URLs':>4} {'requests':>8} {'req/s':>7} {'p50 ms':>7} "
        f"{'p95 ms':>7} {'errors':>6} {'hits':>5} {'bare r/s':>8} {'ratio':>6}  result"
    )
    print(header)
    print("-" * len(header))
    bare = bare_summary(report["bare_runs"])
    hits = f"{100 * bare['cache_hits'] / bare['requests']:.0f}%" if bare["requests"] else "-"
    print(
        f"{'bare view':<15} {1:>4} {bare['requests']:>8} {bare['rps_mean']:>7.1f} "
        f"{bare['p50_ms_median']:>7.1f} {bare['p95_ms_median']:>7.1f} {bare['errors']:>6} "
        f"{hits:>5} {'':>8} {1:>6.2f}  baseline ({bare['runs']} runs, "
        f"{bare['rps_min']:.0f}-{bare['rps_max']:.0f} req/s)"
    )
    for row in report["rows"]:
        result: LoadResult = row["result"]
        done = result.requests - result.socket_errors - result.timeouts
        hits = f"{100 * result.cache_hits / done:.0f}%" if done else "-"
        ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else "-"
        verdict = row["verdict"] + (f" ({', '.join(row['reasons'])})" if row["reasons"] else "")
        print(
            f"{row['target']:<15} {len(row['paths']):>4} {result.requests:>8} "
            f"{result.requests_per_second:>7.1f} {result.p50_ms:>7.1f} {result.p95_ms:>7.1f} "
            f"{result.errors:>6} {hits:>5} {row['bare_rps']:>8.1f} {ratio:>6}  {verdict}"
        )
