"""The measuring process of `make bench`'s tasks section (Django): makes the payout groups
once, empties the rows the bench writes, starts the worker and times the three phases, (a)
no-op tasks, (b) notification sends, (c) one payout run. `python -m bench.tasks` runs it."""

import os
import time

from bench.run_common import RESULTS, log
from bench.tasks_common import (
    GROUP_SLUG,
    NOTIFICATION_KEY,
    PHASE_TIMEOUT_SECONDS,
    QUEUE,
    TARGET_RATIOS,
)
from bench.tasks_worker import Worker, queue_busy, queue_purge


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

    from bench.database_guard import tables_empty
    from marketplace.models import NotificationLog
    from orders.models import LedgerEntry, Payout

    tables_empty(
        connection, [model._meta.db_table for model in (Payout, LedgerEntry, NotificationLog)]
    )


def groups_ensure(count: int) -> list[int]:
    """`count` producer groups paid by bank transfer, made once and kept."""
    from catalog.models import ProducerGroupPage
    from catalog.terms.services import terms_initial_set
    from marketplace.site_setup import site_tree_ensure

    _home, producers = site_tree_ensure()
    existing = ProducerGroupPage.objects.filter(slug__startswith=GROUP_SLUG).count()
    if existing < count:
        log(f"tasks: creating {count - existing} producer groups (once)")
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
        note="orders.run_payouts, built by build_payouts tasks of 25 groups",
        sessions=postgres_sessions() - sessions,
    )


def measure(args) -> dict:
    import django

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
        log(f"tasks: worker {worker.name} ready ({args.pool} x {args.concurrency})")
        log(f"tasks: (a) {args.tasks} no-op tasks")
        phases = [phase_noop(app, worker, client, args.tasks)]
        log(f"tasks: (b) {args.tasks} notifications")
        phases.append(phase_notifications(args.tasks))
        log(f"tasks: (c) payouts for {len(group_ids)} groups")
        phases.append(phase_payouts(group_ids))
    finally:
        worker.stop()
        queue_purge(client)
        rows_empty()
    baseline = phases[0]["done"] / phases[0]["seconds"]
    for row in phases:
        row["per_second"] = round(row["done"] / row["seconds"], 1)
        row["ratio"] = round(row["per_second"] / baseline, 3)
        target = TARGET_RATIOS.get(row["name"])
        if target is not None:
            row["target"] = target
            missed = row["ratio"] < target or row["timed_out"] or row["done"] < row["tasks"]
            row["verdict"] = "MISS" if missed else "PASS"
    return {
        "worker": {"pool": args.pool, "concurrency": args.concurrency},
        "machine": {"cpus": os.cpu_count(), "loadavg": os.getloadavg()},
        "phases": phases,
    }
