"""Broker down when a task is published: the request succeeds, the row stays pending, and the
sweep (marketplace.requeue_pending) queues it again once it has waited the set time.

Eager Celery (SQLite): "broker down" is apply_async raising what kombu raises then.
"""

import logging
from datetime import timedelta
from unittest import mock

import kombu.exceptions
import pytest
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from marketplace.models import NotificationLog
from marketplace.notifications import tasks as notification_tasks
from marketplace.pending_work import pending_waiting
from marketplace.tasks import requeue_pending
from orders import tasks as order_tasks
from orders.finance.payouts import payout_create
from orders.models import Order, Payout, PayoutStatus
from tests.orders.conftest import add_to_cart, checkout_data
from tests.orders.test_payout_stripe import stripe_group, stripe_server, transfers_for

pytestmark = pytest.mark.django_db
__all__ = ["stripe_server"]  # a fixture, used by name

BROKER_DOWN = kombu.exceptions.OperationalError("Error 111 connecting to 127.0.0.1:6379.")


def broker_down(task):
    return mock.patch.object(task, "apply_async", side_effect=BROKER_DOWN)


def place_order_while_the_broker_is_down(client, catalog, caplog) -> Order:
    add_to_cart(client, catalog["shawl"], 1)
    with (
        broker_down(notification_tasks.send_notifications),
        broker_down(notification_tasks.send_notification),
        caplog.at_level(logging.WARNING, logger="marketplace.task_publishing"),
        TestCase.captureOnCommitCallbacks(execute=True),  # runs the after-commit sends on exit
    ):
        response = client.post("/checkout/", checkout_data(client, contact_email="a@example.org"))
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    return order


def backdate(queryset, seconds: int) -> None:
    queryset.update(created_at=timezone.now() - timedelta(seconds=seconds))


def test_checkout_succeeds_and_its_notifications_stay_pending_while_the_broker_is_down(
    client, two_groups_catalog, caplog
):
    order = place_order_while_the_broker_is_down(client, two_groups_catalog, caplog)

    logs = NotificationLog.objects.filter(order_id=order.pk)
    assert logs.count() >= 2
    assert set(logs.values_list("status", "attempts")) == {(NotificationLog.Status.PENDING, 0)}
    warnings = [r.getMessage() for r in caplog.records if r.name == "marketplace.task_publishing"]
    assert len(warnings) == 1 and "stays pending" in warnings[0]


def test_the_sweep_sends_the_notifications_pending_longer_than_the_set_time(
    client, two_groups_catalog, caplog, settings
):
    settings.NOTIFICATION_REQUEUE_AFTER_SECONDS = 300
    order = place_order_while_the_broker_is_down(client, two_groups_catalog, caplog)
    logs = NotificationLog.objects.filter(order_id=order.pk).order_by("pk")
    overdue, recent = logs[0], logs[1]
    backdate(logs.filter(pk=overdue.pk), 301)

    assert requeue_pending()["notifications"] == 1
    overdue.refresh_from_db(), recent.refresh_from_db()
    assert (overdue.status, overdue.attempts) == (NotificationLog.Status.SENT, 1)
    assert recent.status == NotificationLog.Status.PENDING

    backdate(logs, 301)
    requeue_pending()
    requeue_pending()  # again: nothing is sent twice
    assert set(logs.values_list("status", "attempts")) == {(NotificationLog.Status.SENT, 1)}


def test_a_notification_in_its_retries_is_queued_again_only_after_its_retry_schedule(
    client, two_groups_catalog, caplog, settings
):
    settings.NOTIFICATION_REQUEUE_AFTER_SECONDS = 300
    settings.NOTIFICATION_RETRY_BACKOFF_SECONDS = 10
    settings.NOTIFICATION_MAX_RETRIES = 2  # retries over 10 + 20 seconds
    order = place_order_while_the_broker_is_down(client, two_groups_catalog, caplog)
    logs = NotificationLog.objects.filter(order_id=order.pk)
    logs.update(attempts=1)
    backdate(logs, 300 + 29)
    assert requeue_pending()["notifications"] == 0
    backdate(logs, 300 + 31)
    assert requeue_pending()["notifications"] == logs.count()
    assert set(logs.values_list("status", "attempts")) == {(NotificationLog.Status.SENT, 2)}


def test_the_sweep_leaves_rows_pending_while_the_broker_is_still_down(
    client, two_groups_catalog, caplog
):
    order = place_order_while_the_broker_is_down(client, two_groups_catalog, caplog)
    logs = NotificationLog.objects.filter(order_id=order.pk)
    backdate(logs, 3600)
    with broker_down(notification_tasks.send_notifications):
        assert requeue_pending()["notifications"] == 0
    assert set(logs.values_list("status", flat=True)) == {NotificationLog.Status.PENDING}


def test_a_stripe_payout_queued_while_the_broker_is_down_is_sent_by_the_sweep(
    stripe_server, settings, caplog
):
    settings.PAYOUT_REQUEUE_AFTER_SECONDS = 1800
    group = stripe_group(stripe_server)
    with (
        broker_down(order_tasks.send_payout),
        caplog.at_level(logging.WARNING, logger="marketplace.task_publishing"),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        payout = payout_create(group_id=group.pk)
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PENDING and transfers_for(stripe_server, payout) == []
    assert any(f"payout {payout.pk}" in r.getMessage() for r in caplog.records)

    assert requeue_pending()["payout_sends"] == 0  # not overdue yet
    Payout.objects.filter(pk=payout.pk).update(created_at=timezone.now() - timedelta(seconds=1801))
    assert requeue_pending()["payout_sends"] == 1
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PAID
    assert requeue_pending()["payout_sends"] == 0
    assert len(transfers_for(stripe_server, payout)) == 1


def test_the_command_and_the_waiting_counts(client, two_groups_catalog, caplog, capsys):
    order = place_order_while_the_broker_is_down(client, two_groups_catalog, caplog)
    count = NotificationLog.objects.filter(order_id=order.pk).count()
    waiting = {work.name: found for work, found in pending_waiting()}
    assert waiting["notifications"].count == count and waiting["notifications"].oldest
    assert waiting["payout_sends"].count == 0

    backdate(NotificationLog.objects.all(), 3600)
    call_command("requeue_pending")
    assert f"notifications: {count} queued again" in capsys.readouterr().out


def test_the_dashboard_shows_how_many_are_waiting(
    client, admin_client, two_groups_catalog, caplog, site_tree
):
    order = place_order_while_the_broker_is_down(client, two_groups_catalog, caplog)
    count = NotificationLog.objects.filter(order_id=order.pk).count()
    page = admin_client.get("/admin/").content.decode()
    assert 'data-testid="pending-work"' in page
    row = page.split('data-pending="notifications"', 1)[1].split("</tr>", 1)[0]
    assert f"<td data-count>{count}</td>" in row


def test_celery_beat_runs_the_sweep():
    from marketplace.celery_app import app

    entry = app.conf.beat_schedule["requeue-pending"]
    assert entry["task"] == requeue_pending.name == "marketplace.requeue_pending"
    assert entry["schedule"] <= 5 * 60
