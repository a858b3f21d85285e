"""`python -m bench.render_cost`: what each catalog target costs to render, in one process and
without load, so that a change to the render path can be compared on a noisy machine (where
one 8 s load sample of a cache-off row moves by up to 2x).

For each target of the catalog section (the same URLs): CPU time of the Python process per
request, the least of three passes over the target's URLs, and database queries per request;
with the page cache off, first with kept fragments (product cards, group profiles, the pages
found at a path) warm, then with none kept (CARD_CACHE_SECONDS=0: every card and profile
rendered, every page read, the cost of a cold start). The measuring process uses its own
in-memory cache, not the bench's Redis database. On a shared machine these times move by a
fifth between runs: `bench.render_instructions` counts instructions instead.
"""

import json
import subprocess
import sys
import time

from bench.run_catalog import build_targets
from bench.run_common import HOST, ROOT
from bench.run_database import prepare_database
from bench.run_options import parse_args

MODES = {"kept": "3600", "none kept": "0"}  # CARD_CACHE_SECONDS
PASSES = 3


def _counted_in(queries: list[str]):
    def execute_counted(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    return execute_counted


def measure(targets: list[list]) -> dict:
    """In the measuring process (Django set up from the environment)."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    costs = {}
    for name, paths in targets:
        for path in paths:  # renditions made, fragments kept
            assert client.get(path).status_code == 200, path
        queries: list[str] = []
        with connection.execute_wrapper(_counted_in(queries)):
            for path in paths:
                client.get(path)
        passes = []
        for _pass in range(PASSES):
            started = time.process_time()
            for path in paths:
                client.get(path)
            passes.append((time.process_time() - started) / len(paths) * 1000)
        costs[name] = {"cpu_ms": round(min(passes), 1), "queries": len(queries) / len(paths)}
    return costs


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    database, env, facts = prepare_database(args)
    targets = build_targets(facts)
    costs = {}
    for mode, seconds in MODES.items():
        output = subprocess.run(
            [sys.executable, "-m", "bench.render_cost", "--measure"],
            cwd=ROOT,
            env=env | {"PAGE_CACHE_SECONDS": "0", "CARD_CACHE_SECONDS": seconds},
            input=json.dumps(targets),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        costs[mode] = json.loads(output.strip().splitlines()[-1])
    products = facts["products_live"]
    print(f"\nRender cost in one process, page cache off ({database}, {products} products)")
    header = f"{'target':<15} {'URLs':>4} " + " ".join(
        f"{f'{mode}: CPU ms':>16} {'queries':>7}" for mode in MODES
    )
    print(header)
    print("-" * len(header))
    for name, paths in targets:
        cells = " ".join(
            f"{costs[mode][name]['cpu_ms']:>16.1f} {costs[mode][name]['queries']:>7.1f}"
            for mode in MODES
        )
        print(f"{name:<15} {len(paths):>4} {cells}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--measure"]:
        print(json.dumps(measure(json.loads(sys.stdin.read()))))
    else:
        sys.exit(main())
