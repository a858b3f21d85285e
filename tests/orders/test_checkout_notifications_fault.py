"""The race winner on SQLite: sending the order's notifications after commit can meet
"database is locked". The order is placed by then; the buyer must get their order page and
an empty cart, and the notification rows stay pending for a later send."""

from unittest import mock

import pytest
from django.db import OperationalError

from marketplace.models import NotificationLog
from orders.models import Order
from tests.orders.conftest import add_to_cart, checkout_data

# Autocommit (the send runs after commit), so a transactional test: it runs in the PostgreSQL
# group, in order, with the other transactional tests. In the main group's work-stealing
# workers a test could run after its flush and find no locale or site tree. (The locked
# database is simulated, so any database shows the behaviour.)
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_locked_database_while_sending_after_commit_still_shows_the_order(
    client, two_groups_catalog
):
    add_to_cart(client, two_groups_catalog["shawl"], 1)
    data = checkout_data(client, contact_email="ayesha@example.org")
    locked = OperationalError("database is locked")
    with mock.patch("marketplace.notifications.tasks.notification_deliver", side_effect=locked):
        response = client.post("/checkout/", data)

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == order.get_absolute_url()
    assert client.session.get("cart", {}) == {}
    logs = NotificationLog.objects.filter(order_id=order.pk)
    assert logs.exists()
    assert set(logs.values_list("status", flat=True)) == {NotificationLog.Status.PENDING}
