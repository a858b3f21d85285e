"""A Celery worker SIGKILLed in the middle of a Stripe payout, then replaced: paid exactly once.

Real parts throughout: the fake Stripe server over HTTP, a `celery worker` subprocess on Redis
sharing the test's PostgreSQL database, and SIGKILL to its process group. Each iteration kills
the worker at another point (while Stripe holds its answer to a transfer it already made; as
soon as the payout shows processing; after a random short delay) and recovers in one of the
two ways production does: Redis hands the unacknowledged task to the new worker once the
visibility timeout has passed, or the scheduled `orders.run_payouts` resends open payouts.
"""

import base64
import json
import os
import random
import sys
import time
import uuid
from decimal import Decimal

import pytest
import redis

from marketplace.models import NotificationLog
from orders.finance.ledger_selectors import group_balance
from orders.finance.payouts import payout_create
from orders.models import LedgerCause, LedgerEntry, Payout, PayoutStatus
from orders.stripe_api import to_minor_units
from orders.tasks import SEND_PAYOUT, run_payouts
from tests.celery_worker import queue_purge, worker_environment, worker_start
from tests.factories import make_payable_group
from tests.fakes.stripe_server import SECRET_KEY, WEBHOOK_SECRET, FakeStripe
from tests.progress_wait import wait_until

ITERATIONS = 12  # each kill point with each recovery path, twice
VISIBILITY_TIMEOUT_SECONDS = 3  # for the redelivery path; the run path keeps kombu's hour
STRIPE_ANSWER_DELAY_SECONDS = 1.5
# No fixed deadlines (tests/progress_wait.py): a wait fails only when nothing has moved for
# its quiet time (scaled by the worker's measured start-up time). Recovery by redelivery is
# quiet by design until the visibility timeout has passed, a sweep has run (every second) and
# the sweep's lock of a killed worker has expired (5 s, marketplace/settings.py).
STALL_SECONDS = 20
REDELIVERY_QUIET_SECONDS = VISIBILITY_TIMEOUT_SECONDS + 1 + 5

HOLDING = "Stripe holding its answer"
PROCESSING = "payout seen processing"
RANDOM = "random delay"
KILL_POINTS = (HOLDING, PROCESSING, RANDOM)
REDELIVERY = "redelivery"
PAYOUTS_RUN = "payouts run"
RECOVERIES = (REDELIVERY, PAYOUTS_RUN)


def quiet_when_the_caller_is_gone(fake: FakeStripe) -> None:
    """A killed worker never reads its answer: the fake's write then fails, as expected here."""
    report = fake.server.handle_error

    def handle_error(request, client_address):
        if not isinstance(sys.exc_info()[1], BrokenPipeError | ConnectionResetError):
            report(request, client_address)

    fake.server.handle_error = handle_error


def transfers_for(fake: FakeStripe, payout_id: int) -> list[dict]:
    group = f"payout-{payout_id}"
    return [t for t in list(fake.transfers.values()) if t["transfer_group"] == group]


def requests_for(fake: FakeStripe, payout_id: int) -> tuple[int, int]:
    """(transfer POSTs carrying the payout's key, transfer lookups for its group)."""
    key = f"payout-{payout_id}"
    requests = list(fake.requests)
    posts = [r for r in requests if r["method"] == "POST" and r["idempotency_key"] == key]
    lookups = [r for r in requests if r["method"] == "GET" and r["params"].get("transfer_group")]
    return len(posts), sum(r["params"]["transfer_group"] == key for r in lookups)


def payout_status(payout_id: int) -> str:
    return Payout.objects.values_list("status", flat=True).get(pk=payout_id)


def send_messages(client: redis.Redis, queue: str, payout_id: int) -> tuple[int, int]:
    """The payout's send tasks in Redis: (waiting on the queue, taken but not acknowledged:
    kombu's `unacked` hash, put back on the queue after the visibility timeout)."""

    def is_send(message: dict) -> bool:
        if message.get("headers", {}).get("task") != SEND_PAYOUT:
            return False
        args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        return args == [payout_id]

    waiting = sum(is_send(json.loads(raw)) for raw in client.lrange(queue, 0, -1))
    taken = sum(is_send(json.loads(raw)[0]) for raw in client.hvals("unacked"))
    return waiting, taken


def progress_of(fake: FakeStripe, payout_id: int, worker) -> tuple:
    """What moves while a payout is being sent: its row, Stripe's requests, the worker's log."""
    row = Payout.objects.values_list("status", "attempts").get(pk=payout_id)
    return row, len(fake.requests), worker.log_size()


def kill_when(point: str, *, fake: FakeStripe, payout_id: int, rng: random.Random, worker) -> str:
    """Wait for the kill point; returns what it waited for."""
    if point == RANDOM:
        delay = rng.uniform(0.0, 0.05)  # before pickup, before or after the POST, or paid
        time.sleep(delay)
        return f"{delay * 1000:.0f} ms after commit"
    waited = wait_until(
        lambda: (
            transfers_for(fake, payout_id)
            if point == HOLDING
            else payout_status(payout_id) != PayoutStatus.PENDING
        ),
        progress=lambda: progress_of(fake, payout_id, worker),
        stall_seconds=STALL_SECONDS * worker.slowness,
        what=f"payout {payout_id} reaching the kill point '{point}'",
        details=worker.output,
        poll_seconds=0.002,
    )
    return f"{waited * 1000:.0f} ms after commit"


def wait_until_paid(payout_id: int, *, fake: FakeStripe, worker, recovery: str, logs) -> None:
    quiet = STALL_SECONDS + (REDELIVERY_QUIET_SECONDS if recovery == REDELIVERY else 0)
    wait_until(
        lambda: payout_status(payout_id) == PayoutStatus.PAID,
        progress=lambda: progress_of(fake, payout_id, worker),
        stall_seconds=quiet * worker.slowness,
        what=f"payout {payout_id} paid after recovery by {recovery}",
        details=lambda: "\n".join(
            f"--- {log.name}\n{log.read_text()[-6000:]}" for log in logs[-2:]
        ),
    )


def assert_paid_once(fake: FakeStripe, payout: Payout) -> dict:
    payout.refresh_from_db()
    (transfer,) = transfers_for(fake, payout.pk)
    assert transfer["amount"] == to_minor_units(payout.amount)
    assert transfer["destination"] == payout.stripe_account_id
    assert (payout.status, payout.reference) == (PayoutStatus.PAID, transfer["id"])
    entries = LedgerEntry.objects.filter(payout=payout)
    assert list(entries.values_list("cause", "amount")) == [(LedgerCause.PAYOUT, -payout.amount)]
    assert group_balance(payout.producer_group).available == Decimal("0.00")
    sent = NotificationLog.objects.filter(dedupe_key__startswith=f"payout_sent:{payout.pk}:")
    assert sorted(sent.values_list("event", "channel")) == [
        ("payout_sent", "email"),
        ("payout_sent", "sms"),
    ]
    return transfer


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_killed_payout_worker_is_replaced_and_each_payout_is_paid_once(settings, tmp_path):
    queue = f"payouts-kill-test-{uuid.uuid4().hex[:8]}"
    settings.PAYOUT_QUEUE = settings.NOTIFICATION_QUEUE = queue
    settings.STRIPE_CONNECT_COUNTRIES = ["IN"]
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    rng = random.Random(20261123)  # the same kill delays every run
    logs, payouts = [], []

    with FakeStripe() as fake:
        fake.configure(settings)
        quiet_when_the_caller_is_gone(fake)

        def start(visibility_timeout: int):
            logs.append(tmp_path / f"worker-{len(logs) + 1}.log")
            env = worker_environment(
                STRIPE_SECRET_KEY=SECRET_KEY,
                STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
                STRIPE_API_BASE=fake.url,
                STRIPE_CONNECT_COUNTRIES="IN",
                PAYOUT_QUEUE=queue,
                NOTIFICATION_QUEUE=queue,
                PAYOUT_RETRY_BACKOFF_SECONDS="1",
                CELERY_VISIBILITY_TIMEOUT=str(visibility_timeout),
            )
            return worker_start(queue=queue, log=logs[-1], env=env)

        worker = start(VISIBILITY_TIMEOUT_SECONDS)
        try:
            for iteration in range(ITERATIONS):
                point = KILL_POINTS[iteration % len(KILL_POINTS)]
                recovery = RECOVERIES[iteration % len(RECOVERIES)]
                group = make_payable_group(
                    f"Kutch Weavers Collective {iteration}",
                    earned=Decimal(f"{1200 + 37 * iteration}.{iteration:02d}"),
                    payout_method="stripe",
                    stripe_account_id=fake.connect_account(),
                    country="IN",
                )
                fake.transfer_answer_delay = STRIPE_ANSWER_DELAY_SECONDS if point == HOLDING else 0
                payout = payout_create(group_id=group.pk)  # commits: the send goes to `queue`
                payouts.append(payout)

                waited = kill_when(point, fake=fake, payout_id=payout.pk, rng=rng, worker=worker)
                worker.kill()
                status_at_kill = payout_status(payout.pk)
                waiting, taken = send_messages(client, queue, payout.pk)
                at_kill = (
                    f"{status_at_kill}, {len(transfers_for(fake, payout.pk))} transfer, "
                    f"task queued {waiting} unacked {taken}"
                )
                fake.transfer_answer_delay = 0

                # The replacement: on the redelivery path Redis gives it the dead worker's
                # task; on the other, only the scheduled run's resend can reach the payout.
                worker = start(
                    VISIBILITY_TIMEOUT_SECONDS if recovery == REDELIVERY else 3600,
                )
                if recovery == PAYOUTS_RUN:
                    run_payouts.apply_async(queue=queue)
                wait_until_paid(payout.pk, fake=fake, worker=worker, recovery=recovery, logs=logs)

                transfer = assert_paid_once(fake, payout)
                posts, lookups = requests_for(fake, payout.pk)
                if status_at_kill == PayoutStatus.PAID:
                    outcome = "paid before the kill"
                elif taken:
                    outcome = f"resumed by {recovery}"
                else:
                    outcome = "task still queued, taken by the new worker"
                print(
                    f"iteration {iteration + 1:2}: killed at '{point}' ({waited}) -> [{at_kill}]; "
                    f"{outcome}: paid {transfer['id']} {transfer['amount']} paisa; "
                    f"transfer POSTs {posts}, lookups {lookups}, transfers made 1, "
                    f"attempts {payout.attempts}",
                    flush=True,
                )
        finally:
            worker.stop()
            queue_purge(queue)

        # Late redeliveries of tasks for paid payouts changed nothing.
        print(
            f"{ITERATIONS} payouts: {len(fake.posts('/v1/transfers'))} transfer POSTs, "
            f"{len(fake.transfers)} transfers made",
            flush=True,
        )
        assert len(fake.transfers) == ITERATIONS
        for payout in payouts:
            assert_paid_once(fake, payout)
