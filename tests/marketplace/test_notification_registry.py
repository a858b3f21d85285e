"""The core sends only events an app registered; staff events carry their own permission."""

import pytest

from marketplace.notifications.registry import (
    NotificationEvent,
    notification_event,
    notification_events_register,
)
from marketplace.notifications.services import notification_queue


def test_every_app_registered_its_events():
    assert notification_event("order_placed").staff_permission == ""  # orders
    assert notification_event("low_stock")  # catalog
    assert notification_event("application_decision")  # events
    assert notification_event("payout_failed").staff_permission == "orders.manage_payouts"


@pytest.mark.django_db
def test_an_unregistered_event_is_refused_and_writes_nothing():
    from marketplace.models import NotificationLog

    with pytest.raises(LookupError, match="not registered"):
        notification_queue(
            event="order_plaecd", dedupe_key="x", language="en", context={}, email="a@b.example"
        )
    assert not NotificationLog.objects.exists()


def test_registering_the_same_name_differently_is_an_error():
    with pytest.raises(ValueError, match="registered twice"):
        notification_events_register(NotificationEvent("order_placed", staff_permission="x.y"))
