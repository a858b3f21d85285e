"""A Celery worker SIGKILLed in the middle of a newsletter send, then replaced: the send
finishes and nobody gets the issue twice.

Real parts: a `celery worker` subprocess on Redis sharing the test's PostgreSQL database, an
email transport that writes one file per message (so what went out is counted outside the
database), SIGKILL to the worker's process group, and recovery the way production does it: the
beat sweep (`marketplace.resume_newsletter_sends`) queues unfinished sends again.
"""

import os
import random
import time
import uuid
from collections import Counter

import pytest

from marketplace.newsletter.models import DeliveryStatus, NewsletterDelivery, NewsletterSend
from marketplace.newsletter.sending import INTERRUPTED, newsletter_send_start
from marketplace.newsletter.tasks import resume_newsletter_sends
from tests.celery_worker import queue_purge, worker_environment, worker_start
from tests.marketplace.newsletter_support import make_issue, make_subscribers
from tests.progress_wait import wait_until

SUBSCRIBERS = 40
STALL_SECONDS = 20
STALE_SENDING_SECONDS = 2
# Kill points: right after the send was queued (no email out yet); while the 8th recipient's
# row is claimed ("sending": its email may or may not go out); after 23 emails.
QUEUED, WHILE_SENDING, AFTER_23 = "queued", "while the 8th is sending", "after 23 emails"
KILL_POINTS = (QUEUED, WHILE_SENDING, AFTER_23)


def emails_by_recipient(folder) -> Counter:
    return Counter(path.name.split("--")[0] for path in folder.iterdir())


def statuses(send_id: int) -> Counter:
    return Counter(
        NewsletterDelivery.objects.filter(send_id=send_id).values_list("status", flat=True)
    )


def sweep_until_finished(send_id: int, queue: str, worker, logs) -> None:
    """Beat's sweep, every second here: the row the dead worker was on becomes stale after
    STALE_SENDING_SECONDS and is marked failed; the rest is sent."""
    last_sweep = 0.0

    def finished() -> bool:
        nonlocal last_sweep
        if time.monotonic() - last_sweep > 1:
            resume_newsletter_sends.apply_async(queue=queue)
            last_sweep = time.monotonic()
        return NewsletterSend.objects.filter(pk=send_id, finished_at__isnull=False).exists()

    wait_until(
        finished,
        progress=lambda: (tuple(statuses(send_id).items()), worker.log_size()),
        stall_seconds=(STALL_SECONDS + STALE_SENDING_SECONDS) * worker.slowness,
        what=f"send {send_id} finished after the kill",
        details=lambda: "\n".join(
            f"--- {log.name}\n{log.read_text()[-4000:]}" for log in logs[-2:]
        ),
    )


def reached(point: str, send_id: int, mails) -> bool:
    if point == QUEUED:
        return True
    if point == WHILE_SENDING:
        rows = statuses(send_id)
        return rows[DeliveryStatus.SENDING] and rows[DeliveryStatus.SENT] >= 7
    return sum(emails_by_recipient(mails).values()) >= 23


def wait_for_kill_point(point: str, send_id: int, mails, worker) -> None:
    wait_until(
        lambda: reached(point, send_id, mails),
        progress=lambda: (sum(emails_by_recipient(mails).values()), worker.log_size()),
        stall_seconds=STALL_SECONDS * worker.slowness,
        what=f"the kill point '{point}'",
        details=worker.output,
        poll_seconds=0.005,
    )


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_killed_newsletter_worker_is_replaced_and_nobody_gets_an_issue_twice(
    settings, tmp_path, site_tree
):
    queue = f"newsletter-kill-test-{uuid.uuid4().hex[:8]}"
    settings.NOTIFICATION_QUEUE = queue
    rng = random.Random(20261130)
    readers = make_subscribers(SUBSCRIBERS)
    logs = []

    def start(mails):
        logs.append(tmp_path / f"worker-{len(logs) + 1}.log")
        env = worker_environment(
            NOTIFICATION_QUEUE=queue,
            EMAIL_BACKEND="tests.marketplace.slow_file_email_backend.SlowFileEmailBackend",
            TEST_EMAIL_DIR=str(mails),
            TEST_EMAIL_DELAY=f"{rng.uniform(0.02, 0.06):.3f}",
            NEWSLETTER_BATCH_SIZE="10",
            NEWSLETTER_STALE_SENDING_SECONDS=str(STALE_SENDING_SECONDS),
        )
        return worker_start(queue=queue, log=logs[-1], env=env)

    for iteration, point in enumerate(KILL_POINTS):
        mails = tmp_path / f"mails-{iteration}"
        mails.mkdir()
        worker = start(mails)
        try:
            issue = make_issue(site_tree[0], title=f"Mela news {iteration}")
            send = newsletter_send_start(issue=issue, by=None)  # commits, then queues
            wait_for_kill_point(point, send.pk, mails, worker)
            worker.kill()
            at_kill = dict(statuses(send.pk))
            worker = start(mails)
            sweep_until_finished(send.pk, queue, worker, logs)
        finally:
            worker.stop()
            queue_purge(queue)

        received = emails_by_recipient(mails)
        rows = NewsletterDelivery.objects.filter(send=send).select_related("subscriber")
        assert rows.count() == SUBSCRIBERS
        assert max(received.values()) == 1, "someone got the issue twice"
        interrupted = [row for row in rows if row.status == DeliveryStatus.FAILED]
        assert len(interrupted) <= 1 and all(row.error == INTERRUPTED for row in interrupted)
        for row in rows:
            if row.status == DeliveryStatus.SENT:
                assert received[row.subscriber.email] == 1
        missing = {reader.email for reader in readers} - set(received)
        assert missing <= {row.subscriber.email for row in interrupted}
        print(
            f"iteration {iteration + 1}: killed {point} -> rows {at_kill}; "
            f"after resume: {dict(statuses(send.pk))}, emails out {sum(received.values())}, "
            f"twice 0, interrupted {len(interrupted)} (its email "
            f"{'went out' if interrupted and not missing else 'not sent' if interrupted else '-'})",
            flush=True,
        )
    assert os.environ.get("REDIS_URL")
