"""`make bench` tasks section: Celery task throughput on Redis and PostgreSQL, as ratios.

A real `celery -A marketplace worker` drains a dedicated Redis queue while this script
measures, each from the first enqueue to the last task done:
  (a) the baseline: N no-op tasks (`marketplace.ping`);
  (b) N notification sends (NotificationLog rows made in bulk, enqueued one by one with
      notification_enqueue; email to Django's locmem backend, SMS to the logging backend);
  (c) the scheduled payout run (`orders.run_payouts`, one task) building a bank payout for
      each of G groups with an available balance.
It prints tasks/s for (a) and (b), (b)/(a), and payouts built/s with its ratio to (a).

Everything runs in a database of its own (`<bench db>_tasks`, migrated here, kept between
runs): the G groups are made once, and payouts, ledger entries and notifications are emptied
before and after each run, so runs stay comparable and the catalogue's bench data is untouched.
The queue is purged before and after; every wait is bounded.

The worker is prefork with 2 processes (BENCH_TASKS_POOL, BENCH_TASKS_CONCURRENCY): one per
core, as `make worker` runs in production, so CPU-heavy tasks use both cores. On the 2-core
machine solo (no parent-child hand-off) drains no-ops fastest, about 1.5x prefork x 2, and
threads x 4 sits between; notification sends ran at the same rate in every pool (each task
opens a new PostgreSQL connection: see the sessions count), so the pool does not change (b).

run.py calls run_section() (no Django in that process); `python -m bench.tasks` is the
measuring process it starts, with the section's environment: tasks_measure.py holds its
phases, tasks_worker.py the worker and its queue, tasks_common.py what both sides share.
"""

import argparse
import contextlib
import datetime
import json
import signal
import subprocess
import sys

from bench.database_guard import database_ensure
from bench.run_common import POSTGRES, RESULTS, ROOT, log
from bench.run_database import redis_client
from bench.tasks_common import (
    CONCURRENCY,
    GROUPS,
    POOL,
    QUEUE,
    REDIS_ADDRESS,
    SECTION_TIMEOUT_SECONDS,
    TASKS,
)
from bench.tasks_measure import measure

# --- run.py's side: prepare the database, run the measuring process, print --------------------


def run_section(env: dict, args) -> dict | None:
    """Measure in a subprocess with `env` (run.py's base environment); None when PostgreSQL or
    Redis is down (a worker needs both)."""
    database = f"{args.db_name}_tasks"
    try:
        database_ensure(database)
    except Exception as error:
        log(f"tasks: skipped, PostgreSQL is not available ({error})")
        return None
    if redis_client(args.redis_db) is None:
        log("tasks: skipped, Redis is not answering on 127.0.0.1:6379")
        return None
    env = env | {
        "DATABASE_URL": "postgres://{user}@{host}:{port}/".format(**POSTGRES) + database,
        "REDIS_URL": f"{REDIS_ADDRESS}{args.redis_db}",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SMS_BACKEND": "marketplace.sms.LoggingSMSBackend",
        "NOTIFICATION_QUEUE": QUEUE,
        "PAYOUT_QUEUE": QUEUE,
        "LOG_LEVEL": "WARNING",
    }
    log(f"tasks: manage.py migrate ({database})")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
    )
    command = [sys.executable, "-m", "bench.tasks", "--tasks", str(TASKS), "--groups", str(GROUPS)]
    command += ["--pool", POOL, "--concurrency", str(CONCURRENCY)]
    # In our process group, so Ctrl-C reaches it; it stops its worker on the way out.
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        output, _ = process.communicate(timeout=SECTION_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGTERM)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
        log(f"tasks: ran over {SECTION_TIMEOUT_SECONDS} s; stopped")
        return None
    if process.returncode != 0:
        log(f"tasks: the measuring process exited with {process.returncode}")
        return None
    report = json.loads(output.strip().splitlines()[-1])
    report["database"] = f"postgresql {database}"
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"tasks-{stamp}.json").write_text(json.dumps(report, indent=2))
    report["saved"] = f"bench/results/tasks-{stamp}.json"
    return report


def print_table(report: dict | None) -> None:
    print()
    if report is None:
        print("Celery tasks: not measured (see the log above)")
        return
    worker = report["worker"]
    print(
        f"Celery tasks: one worker ({worker['pool']} x {worker['concurrency']}, prefetch 1, "
        f"acks late), Redis queue {QUEUE}, {report['database']}"
    )
    header = (
        f"{'phase':<22} {'tasks':>6} {'done':>6} {'enqueue s':>9} {'total s':>8} "
        f"{'per s':>8} {'ratio':>6} {'target':>6} {'result':>6}  note"
    )
    print(header)
    print("-" * len(header))
    for row in report["phases"]:
        ratio = f"{row['ratio']:.2f}" if row.get("ratio") is not None else "-"
        rate = f"{row['per_second']:.1f}" if row.get("per_second") else "-"
        target = f">={row['target']:.2f}" if row.get("target") else "-"
        print(
            f"{row['name']:<22} {row['tasks']:>6} {row['done']:>6} {row['enqueue_seconds']:>9.2f} "
            f"{row['seconds']:>8.2f} {rate:>8} {ratio:>6} {target:>6} "
            f"{row.get('verdict', ''):>6}  {row['note']}"
        )
    print(f"Saved {report['saved']}")


# --- The measuring process: `python -m bench.tasks`, run by run_section() ------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=TASKS)
    parser.add_argument("--groups", type=int, default=GROUPS)
    parser.add_argument("--pool", default=POOL, choices=["prefork", "threads", "solo"])
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY)
    args = parser.parse_args()
    # Stopped (run.py's timeout, Ctrl-C, a closed terminal): leave through the finally that
    # stops the worker, which runs in a process group of its own.
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, lambda received, _frame: sys.exit(128 + received))
    print(json.dumps(measure(args)), flush=True)
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
