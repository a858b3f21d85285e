"""A real Celery worker on Redis sends a notification queued by a real checkout."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from marketplace.models import NotificationLog
from orders.cart import Cart
from orders.services.placement import BuyerDetails, order_place
from tests.factories import make_group, make_product

ROOT = Path(__file__).resolve().parents[2]


class Session(dict):
    modified = False


def test_database_url() -> str:
    database = settings.DATABASES["default"]
    assert connection.vendor == "postgresql", "the worker needs a database it can share"
    user = database["USER"] or "postgres"
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    host = database["HOST"] or "127.0.0.1"
    port = database["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{database['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


@pytest.fixture
def worker(settings, tmp_path):
    """`celery -A marketplace worker` on its own queue, sharing this test's database."""
    queue = f"notifications-test-{uuid.uuid4().hex[:8]}"
    settings.NOTIFICATION_QUEUE = queue
    output = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": os.environ["REDIS_URL"],
        "SMS_BACKEND": "marketplace.sms.LoggingSMSBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "DB_CONN_MAX_AGE": "0",
    }
    with output.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "marketplace", "worker",
                "--pool=solo", "--queues", queue, "--loglevel=info",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while "ready." not in output.read_text():
            assert process.poll() is None, output.read_text()
            assert time.monotonic() < deadline, "the worker did not start:\n" + output.read_text()
            time.sleep(0.2)
        yield output
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_sends_the_notifications_of_a_placed_order(site_tree, worker):
    group = make_group("Hala Ajrak Cooperative", contact_phone="0300 5550001")
    variant = make_product(group, "Ajrak shawl", price="3500.00", stock=10).variants.get()
    cart = Cart(Session())
    cart.quantities = {variant.pk: 1}

    order = order_place(
        cart=cart,
        buyer=None,
        details=BuyerDetails(
            contact_name="Sana",
            contact_phone="0321 5550002",
            contact_email="sana@example.org",
            city="Hyderabad",
            address_line1="Street 3",
        ),
        payment_method="cod",
        checkout_token=uuid.uuid4().hex,
    )

    logs = NotificationLog.objects.filter(order_id=order.pk)
    deadline = time.monotonic() + 60
    while logs.exclude(status=NotificationLog.Status.SENT).exists() or not logs.exists():
        assert time.monotonic() < deadline, "not sent in time:\n" + worker.read_text()
        time.sleep(0.3)
    assert sorted(logs.values_list("event", "channel", "attempts")) == [
        ("order_placed", "email", 1),
        ("order_placed", "sms", 1),
        ("sub_order_new", "sms", 1),
    ]
    assert "marketplace.send_notification" in worker.read_text()
