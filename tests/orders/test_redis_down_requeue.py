"""Redis (cache and broker) killed before a checkout, then back EMPTY: the order is placed, its
notifications wait pending, and the sweep hands them to a real Celery worker, which sends them."""

import uuid

import pytest

from marketplace import cache as cache_module
from marketplace.models import NotificationLog
from marketplace.tasks import requeue_pending
from orders.models import Order
from tests.celery_worker import running_worker, worker_environment
from tests.factories import make_group, make_product
from tests.orders.conftest import add_to_cart, checkout_data
from tests.progress_wait import wait_until
from tests.redis_server import cache_settings, celery_broker, throwaway_redis

# Quiet time allowed while the worker shows no progress, on an idle machine (scaled by its
# measured start-up time); there is no overall deadline but the helper's generous cap.
STALL_SECONDS = 20


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_notifications_queued_while_redis_was_down_are_sent_once_it_is_back_empty(
    client, site_tree, settings, monkeypatch, tmp_path
):
    monkeypatch.setattr(cache_module, "_last_warning_at", None)
    group = make_group("Hala Ajrak Cooperative", contact_phone="0300 5550001")
    shawl = make_product(group, "Ajrak shawl", price="3500.00", stock=10).variants.get()
    queue = f"requeue-test-{uuid.uuid4().hex[:8]}"
    settings.NOTIFICATION_QUEUE = queue
    settings.NOTIFICATION_REQUEUE_AFTER_SECONDS = 0
    settings.CACHE_DOWN_RETRY_SECONDS = 0
    with throwaway_redis() as server, celery_broker(server.url):
        settings.CACHES = cache_settings(server.url)
        server.stop()

        assert add_to_cart(client, shawl).status_code == 302
        data = checkout_data(client, contact_email="sana@example.org")
        response = client.post("/checkout/", data)
        order = Order.objects.get()
        assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
        logs = NotificationLog.objects.filter(order_id=order.pk)
        assert logs.count() == 3
        assert set(logs.values_list("status", flat=True)) == {NotificationLog.Status.PENDING}

        server.start()  # back, holding nothing
        env = worker_environment(REDIS_URL=server.url)
        with running_worker(queue=queue, log=tmp_path / "worker.log", env=env) as worker:
            assert requeue_pending()["notifications"] == 3
            wait_until(
                lambda: not logs.exclude(status=NotificationLog.Status.SENT).exists(),
                progress=lambda: (list(logs.values_list("status", "attempts")), worker.log_size()),
                stall_seconds=STALL_SECONDS * worker.slowness,
                what="the re-queued notifications sent by the worker",
                details=worker.output,
            )
            assert "Task marketplace.send_notifications[" in worker.output()
    assert set(logs.values_list("attempts", flat=True)) == {1}
