"""Settings of `make bench`'s tasks section, shared by run.py's side (tasks.py) and the
measuring process (tasks_measure.py, tasks_worker.py): the queue, the databases, the sizes
(BENCH_TASKS, BENCH_PAYOUT_GROUPS), the worker pool and the time limits."""

import os

QUEUE = "bench-tasks"
REDIS_ADDRESS = "redis://127.0.0.1:6379/"
TASKS = int(os.environ.get("BENCH_TASKS", "5000"))
GROUPS = int(os.environ.get("BENCH_PAYOUT_GROUPS", "500"))
POOL = os.environ.get("BENCH_TASKS_POOL", "prefork")
CONCURRENCY = int(os.environ.get("BENCH_TASKS_CONCURRENCY", "2"))
WORKER_START_TIMEOUT_SECONDS = 60
PHASE_TIMEOUT_SECONDS = 300
SECTION_TIMEOUT_SECONDS = 900
# Each phase's tasks/s over the no-op rate, at least (issue 17).
TARGET_RATIOS = {"(b) notifications": 0.5, "(c) payouts built": 0.4}
GROUP_SLUG = "bench-payout-group-"
NOTIFICATION_KEY = "bench-tasks:"
