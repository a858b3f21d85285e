"""What the parts of `make bench`'s catalog and checkout run share: where things are (the
repository, bench/results), the local addresses of PostgreSQL, Redis and gunicorn, and the
log line."""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
HOST = "127.0.0.1"
POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
REDIS = {"host": "127.0.0.1", "port": 6379}


def log(message: str) -> None:
    # stderr: the bench's measuring processes print their results as JSON on stdout.
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
