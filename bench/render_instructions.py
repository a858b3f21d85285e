"""`python -m bench.render_instructions`: the machine instructions each catalog target costs to
render (page cache off, kept fragments warm), counted by valgrind's callgrind in one process.

On a shared machine the CPU time of a render moves by a fifth from one run to the next, even
as the least of several passes (`bench.render_cost`); the count of instructions does not (the
same code on the same data gives the same count to within a tenth of a percent), so this is the
figure to compare two versions of the render path with. It does not replace the load figures:
time spent waiting on PostgreSQL or Redis, and their own CPU, are not counted.

Each target is measured by its own process under `valgrind --tool=callgrind` with collection
off: two unmeasured passes over the first URLs of the target (renditions made, fragments and
routes kept in the bench's Redis database, emptied before), then collection on for one pass
(`callgrind_control`).
Needs Debian's valgrind; a pass is about 50x slower than without it, hence few URLs.
"""

import json
import os
import re
import shutil
import subprocess
import sys

from bench.run_catalog import build_targets
from bench.run_common import HOST, REDIS, ROOT
from bench.run_database import prepare_database, redis_client
from bench.run_options import parse_args

URLS_PER_TARGET = 16
WARM_PASSES = 2
COLLECTED = re.compile(r"Collected : (\d+)")


def measure(paths: list[str]) -> None:
    """In the measuring process (under callgrind, collection off; Django from the environment)."""
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    for _pass in range(WARM_PASSES):
        for path in paths:
            assert client.get(path).status_code == 200, path
    collect = ["callgrind_control", "--instr"]
    subprocess.run([*collect, "on", str(os.getpid())], check=True, capture_output=True)
    for path in paths:
        client.get(path)
    subprocess.run([*collect, "off", str(os.getpid())], check=True, capture_output=True)


def instructions_per_request(env: dict[str, str], paths: list[str]) -> float:
    result = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-m",
            "bench.render_instructions",
            "--measure",
        ],
        cwd=ROOT,
        env=env | {"PAGE_CACHE_SECONDS": "0", "PYTHONHASHSEED": "0"},
        input=json.dumps(paths),
        capture_output=True,
        text=True,
        check=False,  # the return code is read below, with what the process printed
    )
    collected = COLLECTED.search(result.stderr)
    # callgrind_control exits 0 even when it reached no process: a count of 0 is a failure.
    if result.returncode != 0 or collected is None or int(collected.group(1)) == 0:
        raise RuntimeError(f"no instructions counted:\n{result.stderr[-3000:]}")
    return int(collected.group(1)) / len(paths)


def main(argv: list[str] | None = None) -> int:
    if not (shutil.which("valgrind") and shutil.which("callgrind_control")):
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    args = parse_args(argv)
    database, env, facts = prepare_database(args)
    # The cache the site runs on, Redis (its client's work is part of a render), emptied
    # before each target: no fragment or route kept by earlier code is read.
    redis = redis_client(args.redis_db)
    if redis is not None:
        env = env | {"REDIS_URL": "redis://{host}:{port}/".format(**REDIS) + str(args.redis_db)}
    cache = f"Redis db {args.redis_db}" if redis is not None else "in-process cache"
    print(f"\nInstructions per render in one process, page cache off ({database}, {cache})")
    print(f"{'target':<15} {'URLs':>4} {'M instructions':>15}")
    wanted = {name.strip() for name in args.only.split(",") if name.strip()}
    for name, paths in build_targets(facts):
        if wanted and name not in wanted:
            continue
        sample = paths[:URLS_PER_TARGET]
        if redis is not None:
            redis.flushdb()
        count = instructions_per_request(env, sample)
        print(f"{name:<15} {len(sample):>4} {count / 1e6:>15.2f}", flush=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--measure"]:
        measure(json.loads(sys.stdin.read()))
    else:
        sys.exit(main())
