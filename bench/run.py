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
import contextlib
import datetime
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import checkout  # noqa: E402
import tasks as task_bench  # noqa: E402
from loadgen import LoadResult, run_load, wrk_available  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
MEDIA_ROOT = RESULTS / "media"
STATIC_ROOT = RESULTS / "static"
SQLITE_PATH = RESULTS / "bench.sqlite3"
HOST = "127.0.0.1"
POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
REDIS = {"host": "127.0.0.1", "port": 6379}

TARGET_RATIO = 0.50  # catalog page throughput / bare view throughput, at least
TARGET_P95_MS = 60.0  # at TARGET_CONNECTIONS concurrent clients, below
TARGET_CONNECTIONS = 16


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


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
        help='comma-separated target names to run ("checkout" and "tasks" included)',
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


# --- Database and cache --------------------------------------------------------------------


def postgres_up() -> bool:
    try:
        import psycopg

        with psycopg.connect(dbname="postgres", connect_timeout=3, **POSTGRES):
            return True
    except Exception:  # noqa: BLE001 - any failure means: fall back to SQLite
        return False


def postgres_database(name: str, *, drop: bool) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(dbname="postgres", autocommit=True, **POSTGRES) as connection:
        if drop:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            log(f"creating PostgreSQL database {name}")
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def redis_client(db: int):
    try:
        import redis

        client = redis.Redis(db=db, socket_connect_timeout=2, **REDIS)
        client.ping()
        return client
    except Exception:  # noqa: BLE001 - no Redis: each worker keeps its own locmem cache
        return None


def base_environment(database_url: str) -> dict:
    env = os.environ.copy()
    for name in ("REDIS_URL", "PAGE_CACHE_SECONDS", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.bench_settings",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(MEDIA_ROOT),
        BENCH_STATIC_ROOT=str(STATIC_ROOT),
        DEBUG="0",
        SECRET_KEY="bench-only-not-a-secret-5f2c1e0d9a8b7c6d5e4f3a2b1c0d",  # noqa: S106
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict, *arguments: str) -> None:
    log("manage.py " + " ".join(arguments))
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True)  # noqa: S603


def analyze(use_postgres: bool, args) -> None:
    """Fresh planner statistics and visibility map, as autovacuum would give a live site: right
    after a bulk load the planner guesses 841 live pages for 11,666 and the listing's count
    doubles in time."""
    if use_postgres:
        import psycopg

        with psycopg.connect(dbname=args.db_name, autocommit=True, **POSTGRES) as connection:
            connection.execute("VACUUM ANALYZE")
    else:
        import sqlite3

        with contextlib.closing(sqlite3.connect(SQLITE_PATH)) as connection:
            connection.execute("ANALYZE")


def database_facts(env: dict, args) -> dict:
    output = subprocess.run(  # noqa: S603
        [sys.executable, "bench/sample_urls.py", str(args.products), str(args.groups)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def prepare_database(args) -> tuple[str, dict, dict]:
    """Returns (database label, environment, database facts), loading the demo data once."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    use_postgres = args.database == "postgres" or (args.database == "auto" and postgres_up())
    if args.database == "postgres" and not postgres_up():
        sys.exit("PostgreSQL is not answering on 127.0.0.1:5432.")
    if use_postgres:
        label = f"postgresql {args.db_name}"
        url = "postgres://{user}@{host}:{port}/".format(**POSTGRES) + args.db_name
        marker = RESULTS / f"loaded-postgres-{args.db_name}.json"
    else:
        label = f"sqlite {SQLITE_PATH.relative_to(ROOT)}"
        url = f"sqlite:///{SQLITE_PATH}"
        marker = RESULTS / "loaded-sqlite.json"
    env = base_environment(url)

    def reset() -> None:
        log(f"resetting the bench database ({label}) and bench media")
        marker.unlink(missing_ok=True)
        if use_postgres:
            postgres_database(args.db_name, drop=True)
        else:
            SQLITE_PATH.unlink(missing_ok=True)
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)

    if args.rebuild:
        reset()
    elif use_postgres:
        postgres_database(args.db_name, drop=False)
    MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    facts = database_facts(env, args)

    recorded = json.loads(marker.read_text()) if marker.exists() else None
    loaded = (
        recorded is not None
        and recorded.get("scale") == args.scale
        and recorded.get("products_total") == facts["products_total"]
        and facts["products_total"] > 0
    )
    if not loaded and not args.no_load:
        if not (ROOT / "catalog" / "management" / "commands" / "load_demo.py").exists():
            sys.exit("manage.py load_demo does not exist yet: nothing to benchmark.")
        if facts["products_total"]:
            reset()  # half-loaded or other data: start clean so load_demo runs on an empty site
            if use_postgres:
                postgres_database(args.db_name, drop=False)
            MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
            manage(env, "migrate", "--noinput", "-v0")
        started = time.monotonic()
        manage(env, "load_demo", "--scale", str(args.scale))
        log(f"load_demo --scale {args.scale} took {time.monotonic() - started:.0f} s")
        facts = database_facts(env, args)
        marker.write_text(
            json.dumps(
                {
                    "scale": args.scale,
                    "products_total": facts["products_total"],
                    "loaded_at": datetime.datetime.now().isoformat(timespec="seconds"),
                }
            )
        )
    analyze(use_postgres, args)
    return label, env, facts


# --- Targets -----------------------------------------------------------------------------


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


# --- Server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def fetch(port: int, path: str, timeout: float = 60) -> tuple[int, dict, int]:
    request = urllib.request.Request(
        f"http://{HOST}:{port}{path}", headers={"Accept-Language": "en"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, dict(response.headers), len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), 0


@contextlib.contextmanager
def gunicorn(env: dict, args, log_path: Path):
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "marketplace.wsgi:application",
        "--bind", f"{HOST}:{port}",
        "--workers", str(args.workers),
        "--worker-class", args.worker_class,
        "--threads", str(args.threads),
        "--chdir", str(ROOT),
        "--backlog", "1024",
        "--timeout", "60",
        "--graceful-timeout", "5",
        "--error-logfile", str(log_path),
    ]  # fmt: skip
    log(
        f"starting gunicorn on {HOST}:{port}: {args.workers} {args.worker_class} workers"
        + (f" x {args.threads} threads" if args.threads > 1 else "")
    )
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log_path}")
            with contextlib.suppress(OSError):
                if fetch(port, "/bench/bare/", timeout=5)[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within 90 s; see {log_path}")
            time.sleep(0.3)
        yield port
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # workers left behind, if any


# --- Running -----------------------------------------------------------------------------


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
        result = run_load(duration=args.duration, **load)
        return {"target": name, "paths": paths, "warmup_problems": problems, "result": result}

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


def run_checkout_section(env: dict, args, redis, stamp: str) -> dict:
    """Guest cash-on-delivery checkouts (bench/checkout.py) against the bare view measured in
    the same gunicorn just before and after, with the page cache on as in production."""
    prepared = json.loads(
        subprocess.run(  # noqa: S603
            [sys.executable, "bench/checkout.py", "prepare", str(args.checkout_variants)],
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


def judge(mode: str, bare_runs: list[dict], rows: list[dict]) -> dict:
    bare_rps = [run["result"].requests_per_second for run in bare_runs]
    for index, row in enumerate(rows):
        result: LoadResult = row["result"]
        baseline = (bare_rps[index] + bare_rps[index + 1]) / 2
        row["bare_rps"] = round(baseline, 1)
        row["ratio"] = round(result.requests_per_second / baseline, 3) if baseline else None
        reasons = []
        if row["ratio"] is None or row["ratio"] < TARGET_RATIO:
            reasons.append(f"ratio<{TARGET_RATIO:.2f}")
        if result.p95_ms >= TARGET_P95_MS:
            reasons.append(f"p95>={TARGET_P95_MS:.0f}ms")
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
        "off": "Page cache OFF (PAGE_CACHE_SECONDS=0): every request rendered",
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


def main() -> int:
    args = parse_args()
    if args.loadgen == "wrk" and not wrk_available():
        sys.exit("wrk is not installed (Debian: apt-get install wrk); use --loadgen python.")
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
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
    run_checkout = run_tasks = True
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        targets = [target for target in targets if target[0] in wanted]
        run_checkout = "checkout" in wanted
        run_tasks = "tasks" in wanted
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

    for report in reports:
        print_table(report, redis_label)
    if checkout_report is not None:
        checkout.print_table(checkout_report, args.checkout_lines)
    if run_tasks:
        task_bench.print_table(tasks_report)
    misses = [
        f"{row['target']} (cache {report['mode']})"
        for report in reports
        for row in report["rows"]
        if row["verdict"] == "MISS"
    ]
    if checkout_report is not None and checkout_report["verdict"] == "MISS":
        misses.append("checkout")
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
