"""A real Celery worker on Redis sends a notification queued by a real checkout."""

import time
import uuid

import pytest

from marketplace.models import NotificationLog
from orders.cart import Cart
from orders.services.placement import BuyerDetails, order_place
from tests.celery_worker import queue_purge, running_worker, worker_environment
from tests.factories import make_group, make_product


class Session(dict):
    modified = False


@pytest.fixture
def worker(settings, tmp_path):
    """`celery -A marketplace worker` on its own queue, sharing this test's database."""
    queue = f"notifications-test-{uuid.uuid4().hex[:8]}"
    settings.NOTIFICATION_QUEUE = queue
    with running_worker(queue=queue, log=tmp_path / "worker.log", env=worker_environment()) as w:
        yield w
    queue_purge(queue)


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
        assert time.monotonic() < deadline, "not sent in time:\n" + worker.output()
        time.sleep(0.3)
    assert sorted(logs.values_list("event", "channel", "attempts")) == [
        ("order_placed", "email", 1),
        ("order_placed", "sms", 1),
        ("sub_order_new", "sms", 1),
    ]
    # One task for the whole order's messages, run by the worker (not in-process).
    assert "Task marketplace.send_notifications[" in worker.output()
