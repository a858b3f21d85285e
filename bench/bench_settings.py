"""Settings for `make bench`: the production settings, with static files collected under
bench/results/ so that a benchmark run never writes into the project's own STATIC_ROOT."""

import os
from pathlib import Path

from marketplace.settings import *  # noqa: F403
from marketplace.settings import BASE_DIR

STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", BASE_DIR / "bench" / "results" / "static"))

# The bare baseline view lives only here (bench/urls.py), not in the production URLconf.
ROOT_URLCONF = "bench.urls"
