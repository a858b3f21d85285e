"""A real Celery worker on Redis sends a notification queued by a real checkout."""

import uuid

import pytest

from marketplace.models import NotificationLog
from orders.checkout.cart import Cart
from orders.checkout.placement import BuyerDetails, order_place
from tests.celery_worker import queue_purge, running_worker, worker_environment
from tests.factories import make_group, make_product
from tests.progress_wait import wait_until

# Quiet time allowed while the worker shows no progress, on an idle machine (scaled by its
# measured start-up time); there is no overall deadline but the helper's generous cap.
STALL_SECONDS = 20


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
    wait_until(
        lambda: logs.exists() and not logs.exclude(status=NotificationLog.Status.SENT).exists(),
        progress=lambda: (list(logs.values_list("status", "attempts")), worker.log_size()),
        stall_seconds=STALL_SECONDS * worker.slowness,
        what="the order's notifications sent by the worker",
        details=worker.output,
    )
    assert sorted(logs.values_list("event", "channel", "attempts")) == [
        ("order_placed", "email", 1),
        ("order_placed", "sms", 1),
        ("sub_order_new", "sms", 1),
    ]
    # One task for the whole order's messages, run by the worker (not in-process).
    assert "Task marketplace.send_notifications[" in worker.output()
