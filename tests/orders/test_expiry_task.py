"""Unpaid orders expire for real: the beat schedule, the Celery task and the management command."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog.models import ProductVariant
from marketplace.celery_app import app as celery_app
from orders.models import Order, OrderStatus
from orders.tasks import EXPIRE_UNPAID_ORDERS, expire_unpaid_orders
from tests.orders.conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


def place(client, variant, quantity: int, payment_method: str) -> Order:
    add_to_cart(client, variant, quantity)
    client.post("/checkout/", checkout_data(client, payment_method=payment_method))
    return Order.objects.latest("pk")


def stock_of(variant) -> int:
    return ProductVariant.objects.get(pk=variant.pk).stock


@pytest.fixture
def expired_and_live_orders(client, two_groups_catalog):
    """An expired transfer order (2 shawls), one still within its time (1 quilt), and a
    cash-on-delivery order (1 shawl), which never expires."""
    shawl, quilt = two_groups_catalog["shawl"], two_groups_catalog["quilt"]
    expired = place(client, shawl, 2, "transfer")
    waiting = place(client, quilt, 1, "transfer")
    cash = place(client, shawl, 1, "cod")
    Order.objects.filter(pk=expired.pk).update(
        reservation_expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert stock_of(shawl) == 2 and stock_of(quilt) == 2
    return {"expired": expired, "waiting": waiting, "cash": cash, **two_groups_catalog}


def test_expiry_command_cancels_only_orders_whose_reservation_ran_out(expired_and_live_orders):
    orders = expired_and_live_orders
    out = StringIO()

    call_command("expire_unpaid_orders", stdout=out)

    assert "Expired 1 unpaid order(s)." in out.getvalue()
    statuses = dict(Order.objects.values_list("pk", "status"))
    assert statuses[orders["expired"].pk] == OrderStatus.CANCELLED
    assert statuses[orders["waiting"].pk] == OrderStatus.PENDING_PAYMENT
    assert statuses[orders["cash"].pk] == OrderStatus.CASH_ON_DELIVERY
    assert stock_of(orders["shawl"]) == 4  # the two reserved shawls are back on sale
    assert stock_of(orders["quilt"]) == 2


def test_running_the_expiry_twice_puts_stock_back_once(expired_and_live_orders):
    orders = expired_and_live_orders
    call_command("expire_unpaid_orders", stdout=StringIO())
    out = StringIO()

    call_command("expire_unpaid_orders", stdout=out)

    assert "Expired 0 unpaid order(s)." in out.getvalue()
    assert stock_of(orders["shawl"]) == 4


def test_expiry_task_cancels_expired_orders_and_is_idempotent(expired_and_live_orders):
    orders = expired_and_live_orders

    first = expire_unpaid_orders.apply().get()
    second = expire_unpaid_orders.apply().get()

    assert first == [orders["expired"].pk]
    assert second == []
    assert Order.objects.get(pk=orders["expired"].pk).status == OrderStatus.CANCELLED
    assert stock_of(orders["shawl"]) == 4


def test_beat_runs_the_expiry_task_every_five_minutes():
    entry = celery_app.conf.beat_schedule["expire-unpaid-orders"]

    assert entry["task"] == EXPIRE_UNPAID_ORDERS
    assert entry["schedule"] == 300
    assert celery_app.tasks[EXPIRE_UNPAID_ORDERS].name == expire_unpaid_orders.name
