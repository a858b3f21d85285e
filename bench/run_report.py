"""What `make bench` prints around its sections (the header, the closing list of misses) and
the JSON file it saves: bench/results/catalog-<timestamp>.json."""

import json
import os
import platform

from bench import checkout
from bench.run_catalog import TARGET_CONNECTIONS, TARGET_P95_MS, TARGET_RATIO, bare_summary
from bench.run_common import HOST, RESULTS, ROOT
from bench.run_server import threaded, worker_connections


def print_header(args, stamp: str, facts: dict, database: str, cache: str, tool: str) -> None:
    print()
    print(f"Crafts Mela benchmark, {stamp}")
    print(
        f"  data:      {facts['products_live']} live products ({facts['products_total']} in all), "
        f"{facts['groups_live']} live groups; {database}"
    )
    threads = f" x {args.threads} threads" if args.threads > 1 else ""
    held = f" (at most {worker_connections(args)} connections each)" if threaded(args) else ""
    print(
        f"  server:    gunicorn, {args.workers} {args.worker_class} workers{threads}{held}, "
        f"DEBUG=0, on {HOST}; cache: {cache}"
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
        f"  targets:   catalog req/s >= {TARGET_RATIO:.0%} of the bare view's (cache on; cache "
        f"off: its table's), p95 < {TARGET_P95_MS:.0f} ms at {TARGET_CONNECTIONS} clients, "
        "no errors; "
        f"checkout >= {checkout.TARGET_ORDERS_PER_SECOND:.0f} orders/s"
    )
    if tool == "python":
        print(
            "  note:      the Python load generator shares the 2 cores with gunicorn; "
            "install wrk for figures closer to the server's capacity"
        )


def misses(results: dict) -> list[str]:
    """Every target a section missed, named for the closing line."""
    found = [
        f"{row['target']} (cache {report['mode']})"
        for report in results.get("catalog", [])
        for row in report["rows"]
        if row["verdict"] == "MISS"
    ]
    for name in ("mixed", "checkout"):
        if results.get(name) and results[name]["verdict"] != "PASS":
            found.append(name)
    if results.get("pages"):
        found += [
            f"page budget {row['page']}"
            for row in results["pages"]["rows"]
            if row["verdict"] != "PASS"
        ]
    if results.get("scale"):
        found += [
            f"scale {row['page']}" for row in results["scale"]["rows"] if row["verdict"] != "PASS"
        ]
    if results.get("tasks"):
        found += [
            f"tasks {row['name']}"
            for row in results["tasks"]["phases"]
            if row.get("verdict") not in (None, "PASS")
        ]
    failed = results.get("failed", {})
    found += [f"{name} could not run ({reason})" for name, reason in failed.items()]
    return found


def _catalog_json(reports: list[dict]) -> list[dict]:
    return [
        {
            "mode": report["mode"],
            "bare": bare_summary(report["bare_runs"]),
            "bare_runs": [run["result"].as_dict() for run in report["bare_runs"]],
            "rows": [{**row, "result": row["result"].as_dict()} for row in report["rows"]],
        }
        for report in reports
    ]


def save(args, stamp: str, results: dict, context: dict) -> str:
    checkout_report = results.get("checkout")
    document = {
        "timestamp": stamp,
        **context,
        "server": {
            "workers": args.workers,
            "worker_class": args.worker_class,
            "threads": args.threads,
            "worker_connections": worker_connections(args),
        },
        "load": {
            "connections": args.connections,
            "duration_seconds": args.duration,
            "warmup_seconds": args.warmup,
            "max_requests": args.max_requests,
        },
        "machine": {
            "cpus": os.cpu_count(),
            "loadavg": os.getloadavg(),
            "python": platform.python_version(),
        },
        "modes": _catalog_json(results.get("catalog", [])),
        "mixed": results.get("mixed"),
        "scale": results.get("scale"),
        "pages": results.get("pages"),
        "tasks": results.get("tasks"),
        "failed": results.get("failed", {}),
        "checkout": None
        if checkout_report is None
        else {**checkout_report, "result": checkout_report["result"].as_dict()},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    output = RESULTS / f"catalog-{stamp}.json"
    output.write_text(json.dumps(document, indent=2, default=str))
    return str(output.relative_to(ROOT))
