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

run.py calls run_section() (no Django in that process); `python bench/tasks.py` is the
measuring process it starts, with the section's environment.
"""

import argparse
import contextlib
import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
QUEUE = "bench-tasks"
POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
REDIS_ADDRESS = "redis://127.0.0.1:6379/"
TASKS = int(os.environ.get("BENCH_TASKS", "5000"))
GROUPS = int(os.environ.get("BENCH_PAYOUT_GROUPS", "500"))
POOL = os.environ.get("BENCH_TASKS_POOL", "prefork")
CONCURRENCY = int(os.environ.get("BENCH_TASKS_CONCURRENCY", "2"))
WORKER_START_TIMEOUT_SECONDS = 60
PHASE_TIMEOUT_SECONDS = 300
SECTION_TIMEOUT_SECONDS = 900
GROUP_SLUG = "bench-payout-group-"
NOTIFICATION_KEY = "bench-tasks:"


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- run.py's side: prepare the database, run the measuring process, print --------------------


def _postgres_database(name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **POSTGRES) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            _log(f"tasks: creating PostgreSQL database {name}")
            db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _redis_up(db: int) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(f"{REDIS_ADDRESS}{db}", socket_connect_timeout=2).ping())
    except Exception:  # noqa: BLE001 - any failure means: no broker, no section
        return False


def run_section(env: dict, args) -> dict | None:
    """Measure in a subprocess with `env` (run.py's base environment); None when PostgreSQL or
    Redis is down (a worker needs both)."""
    database = f"{args.db_name}_tasks"
    try:
        _postgres_database(database)
    except Exception as error:  # noqa: BLE001
        _log(f"tasks: skipped, PostgreSQL is not available ({error})")
        return None
    if not _redis_up(args.redis_db):
        _log("tasks: skipped, Redis is not answering on 127.0.0.1:6379")
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
    _log(f"tasks: manage.py migrate ({database})")
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
    )
    command = [sys.executable, "bench/tasks.py", "--tasks", str(TASKS), "--groups", str(GROUPS)]
    command += ["--pool", POOL, "--concurrency", str(CONCURRENCY)]
    # In our process group, so Ctrl-C reaches it; it stops its worker on the way out.
    process = subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        output, _ = process.communicate(timeout=SECTION_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGTERM)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
        _log(f"tasks: ran over {SECTION_TIMEOUT_SECONDS} s; stopped")
        return None
    if process.returncode != 0:
        _log(f"tasks: the measuring process exited with {process.returncode}")
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
        f"{'per s':>8} {'ratio':>6}  note"
    )
    print(header)
    print("-" * len(header))
    for row in report["phases"]:
        ratio = f"{row['ratio']:.2f}" if row.get("ratio") is not None else "-"
        rate = f"{row['per_second']:.1f}" if row.get("per_second") else "-"
        print(
            f"{row['name']:<22} {row['tasks']:>6} {row['done']:>6} {row['enqueue_seconds']:>9.2f} "
            f"{row['seconds']:>8.2f} {rate:>8} {ratio:>6}  {row['note']}"
        )
    print(f"Saved {report['saved']}")


# --- The measuring process (Django) ------------------------------------------------------------


class Worker:
    """`celery -A marketplace worker` on QUEUE, in its own process group."""

    def __init__(self, *, pool: str, concurrency: int, log: Path):
        self.name = f"bench-tasks-{uuid.uuid4().hex[:6]}@localhost"
        self.log = log
        with log.open("w") as output:
            self.process = subprocess.Popen(  # noqa: S603
                [
                    # `timeout`: even a worker orphaned by a killed bench dies in the end.
                    shutil.which("timeout") or "/usr/bin/timeout",
                    "--kill-after=20", str(SECTION_TIMEOUT_SECONDS),
                    sys.executable, "-m", "celery", "-A", "marketplace", "worker",
                    f"--pool={pool}", f"--concurrency={concurrency}", "--queues", QUEUE,
                    "--hostname", self.name, "--loglevel=warning",
                    "--without-gossip", "--without-mingle", "--without-heartbeat",
                ],
                cwd=ROOT,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def wait_ready(self, app) -> None:
        deadline = time.monotonic() + WORKER_START_TIMEOUT_SECONDS
        while not app.control.ping(destination=[self.name], timeout=0.5):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the worker did not start; see {self.log}")

    def accepted(self, app) -> dict[str, int]:
        """Tasks the worker started since it started, by name."""
        stats = app.control.inspect(destination=[self.name], timeout=5).stats() or {}
        return stats.get(self.name, {}).get("total", {})

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def queue_purge(client) -> None:
    """Waiting messages and those a dead worker held (kombu's `unacked` hash)."""
    client.delete(QUEUE)
    for tag, payload in client.hgetall("unacked").items():
        if json.loads(payload)[2] == QUEUE:
            client.zrem("unacked_index", tag)
            client.hdel("unacked", tag)


def queue_busy(client) -> bool:
    """Messages waiting, or taken and not acknowledged yet (acks late: still running)."""
    unacked = sum(json.loads(p)[2] == QUEUE for p in client.hvals("unacked"))
    return client.llen(QUEUE) > 0 or unacked > 0


def wait(done, poll: float) -> tuple[float, bool]:
    """(when `done()` became true or the phase timed out, whether it did)."""
    deadline = time.perf_counter() + PHASE_TIMEOUT_SECONDS
    while not done():
        if time.perf_counter() > deadline:
            return time.perf_counter(), False
        time.sleep(poll)
    return time.perf_counter(), True


def postgres_sessions() -> int:
    """Sessions opened on this database so far (counted when they end)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
        return cursor.fetchone()[0]


def phase_row(name, *, tasks, done, started, enqueued, finished, ok, note, sessions) -> dict:
    note += f"; {sessions} PostgreSQL sessions opened"
    if not ok:
        note += f"; TIMED OUT after {PHASE_TIMEOUT_SECONDS} s"
    return {
        "name": name,
        "tasks": tasks,
        "done": done,
        "enqueue_seconds": enqueued - started,
        "seconds": finished - started,
        "timed_out": not ok,
        "note": note,
        "postgres_sessions": sessions,
    }


def rows_empty() -> None:
    """Payouts, ledger entries and notifications: only this bench writes them here."""
    from django.db import connection

    from marketplace.models import NotificationLog
    from orders.models import LedgerEntry, Payout

    tables = [model._meta.db_table for model in (Payout, LedgerEntry, NotificationLog)]
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(f'"{table}"' for table in tables) + " CASCADE")


def groups_ensure(count: int) -> list[int]:
    """`count` producer groups paid by bank transfer, made once and kept."""
    from catalog.models import ProducerGroupPage
    from catalog.terms.services import terms_initial_set
    from marketplace.site_setup import site_tree_ensure

    _home, producers = site_tree_ensure()
    existing = ProducerGroupPage.objects.filter(slug__startswith=GROUP_SLUG).count()
    if existing < count:
        _log(f"tasks: creating {count - existing} producer groups (once)")
    for number in range(existing + 1, count + 1):
        producers.add_child(
            instance=ProducerGroupPage(
                title=f"Bench payout group {number:04d}",
                slug=f"{GROUP_SLUG}{number:04d}",
                kind="union",
                province="Punjab",
                district="Lahore",
            )
        )
    group_ids = list(
        ProducerGroupPage.objects.filter(slug__startswith=GROUP_SLUG)
        .order_by("slug")
        .values_list("pk", flat=True)[:count]
    )
    # Only verified groups with a confirmed account are paid (catalog.models.terms).
    unpaid = ProducerGroupPage.objects.filter(pk__in=group_ids).exclude(
        terms__verification_status="verified", terms__payout_method="bank"
    )
    for group in unpaid:
        terms_initial_set(
            group=group,
            verification_status="verified",
            payout_method="bank",
            payout_account_title=group.title,
            payout_account_number="PK36SCBL0000001123456702",
            payout_bank_name="Standard Chartered",
        )
    return group_ids


def phase_noop(app, worker: Worker, client, count: int) -> dict:
    from marketplace.tasks import PING, ping

    before = worker.accepted(app).get(PING, 0)
    sessions = postgres_sessions()
    started = time.perf_counter()
    for _number in range(count):
        ping.apply_async(queue=QUEUE, ignore_result=True)  # as the measured tasks: no result
    enqueued = time.perf_counter()

    def done() -> bool:
        return not queue_busy(client) and worker.accepted(app).get(PING, 0) - before >= count

    finished, ok = wait(done, poll=0.02)
    return phase_row(
        "(a) no-op ping",
        tasks=count,
        done=worker.accepted(app).get(PING, 0) - before,
        started=started,
        enqueued=enqueued,
        finished=finished,
        ok=ok,
        note="baseline",
        sessions=postgres_sessions() - sessions,
    )


def phase_notifications(count: int) -> dict:
    from marketplace.models import NotificationLog
    from marketplace.notifications.services import notification_enqueue, notification_render

    texts = notification_render(
        event="payout_sent",
        language="en",
        context={"group": "Bench group", "amount": "1500.00", "reference": "FT-BENCH"},
    )
    channels = [NotificationLog.Channel.EMAIL, NotificationLog.Channel.SMS]
    rows = NotificationLog.objects.bulk_create(
        [
            NotificationLog(
                dedupe_key=f"{NOTIFICATION_KEY}{number}",
                event="payout_sent",
                channel=channels[number % 2],
                recipient="group@example.org" if number % 2 == 0 else "+923001234567",
                language="en",
                subject=texts["subject"],
                body=texts["body"] if number % 2 == 0 else texts["sms"],
            )
            for number in range(count)
        ],
        batch_size=1000,
    )
    ids = [row.pk for row in rows]
    logs = NotificationLog.objects.filter(dedupe_key__startswith=NOTIFICATION_KEY)
    sessions = postgres_sessions()
    started = time.perf_counter()
    for log_id in ids:
        notification_enqueue(log_id=log_id)
    enqueued = time.perf_counter()

    def done() -> bool:
        return logs.exclude(status=NotificationLog.Status.PENDING).count() >= count

    finished, ok = wait(done, poll=0.05)
    sent = logs.filter(status=NotificationLog.Status.SENT).count()
    failed = logs.filter(status=NotificationLog.Status.FAILED).count()
    return phase_row(
        "(b) notifications",
        tasks=count,
        done=sent,
        started=started,
        enqueued=enqueued,
        finished=finished,
        ok=ok,
        note="half email (locmem), half SMS (logging)" + (f"; {failed} FAILED" if failed else ""),
        sessions=postgres_sessions() - sessions,
    )


def phase_payouts(group_ids: list[int]) -> dict:
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from orders.models import LedgerCause, LedgerEntry, LedgerKind, Payout
    from orders.tasks import run_payouts

    yesterday = timezone.now() - timedelta(days=1)
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                producer_group_id=group_id,
                kind=LedgerKind.SALE,
                cause=LedgerCause.PAID,
                amount=Decimal("1500.00"),
                event_key=f"bench-tasks-credit:{group_id}",
                available_from=yesterday,
            )
            for group_id in group_ids
        ]
    )
    count = len(group_ids)
    sessions = postgres_sessions()
    started = time.perf_counter()
    run_payouts.apply_async(queue=QUEUE)
    enqueued = time.perf_counter()
    finished, ok = wait(lambda: Payout.objects.count() >= count, poll=0.05)
    return phase_row(
        "(c) payouts built",
        tasks=count,
        done=Payout.objects.count(),
        started=started,
        enqueued=enqueued,
        finished=finished,
        ok=ok,
        note="one orders.run_payouts task, a transaction per group",
        sessions=postgres_sessions() - sessions,
    )


def measure(args) -> dict:
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_settings")
    django.setup()
    import redis

    from marketplace.celery_app import app

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    group_ids = groups_ensure(args.groups)
    rows_empty()
    queue_purge(client)
    RESULTS.mkdir(parents=True, exist_ok=True)
    worker = Worker(pool=args.pool, concurrency=args.concurrency, log=RESULTS / "tasks-worker.log")
    try:
        worker.wait_ready(app)
        _log(f"tasks: worker {worker.name} ready ({args.pool} x {args.concurrency})")
        _log(f"tasks: (a) {args.tasks} no-op tasks")
        phases = [phase_noop(app, worker, client, args.tasks)]
        _log(f"tasks: (b) {args.tasks} notifications")
        phases.append(phase_notifications(args.tasks))
        _log(f"tasks: (c) payouts for {len(group_ids)} groups")
        phases.append(phase_payouts(group_ids))
    finally:
        worker.stop()
        queue_purge(client)
        rows_empty()
    baseline = phases[0]["done"] / phases[0]["seconds"]
    for row in phases:
        row["per_second"] = round(row["done"] / row["seconds"], 1)
        row["ratio"] = round(row["per_second"] / baseline, 3)
    return {
        "worker": {"pool": args.pool, "concurrency": args.concurrency},
        "machine": {"cpus": os.cpu_count(), "loadavg": os.getloadavg()},
        "phases": phases,
    }


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
