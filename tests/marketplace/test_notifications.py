"""Notifications: who hears about what, in which language, sent once and only after commit."""

import uuid
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import translation

from marketplace.models import NotificationLog
from marketplace.notifications.services import notification_queue
from marketplace.notifications.tasks import send_notification
from orders.checkout.cart import Cart
from orders.checkout.placement import BuyerDetails, CheckoutError, order_place
from orders.lifecycle.orders import order_cancel
from orders.lifecycle.payments import transfer_reference_submit, transfer_verify
from orders.lifecycle.sub_orders import sub_order_advance
from orders.models import Order, SubOrderStatus
from orders.notifications import payout_sent_notify
from tests.factories import UserFactory, make_group, make_product

pytestmark = pytest.mark.django_db

SENT_SMS: list[dict] = []


class RecordingSMSBackend:
    """A transport that keeps each SMS in memory instead of calling a gateway."""

    def send(self, *, to: str, text: str) -> None:
        SENT_SMS.append({"to": to, "text": text})


class Session(dict):
    modified = False


@pytest.fixture(autouse=True)
def recorded_sms(settings):
    settings.SMS_BACKEND = f"{__name__}.RecordingSMSBackend"
    SENT_SMS.clear()
    yield SENT_SMS
    SENT_SMS.clear()


@pytest.fixture
def catalog(site_tree):
    group = make_group(
        "Thar Ralli Cooperative",
        province="Sindh",
        district="Tharparkar",
        contact_phone="0300 7654321",  # stored as +923007654321
        contact_email="thar@example.org",
    )
    quilt = make_product(group, "Ralli quilt", price="9000.00", stock=7)
    return {"group": group, "quilt": quilt.variants.get()}


def place(catalog, *, quantity: int = 1, language: str = "en", **details) -> Order:
    cart = Cart(Session())
    cart.quantities = {catalog["quilt"].pk: quantity}
    fields = {
        "contact_name": "Ayesha Khan",
        "contact_phone": "0321 1234567",
        "contact_email": "ayesha@example.org",
        "province": "Punjab",
        "city": "Lahore",
        "address_line1": "House 12",
    }
    fields.update(details)
    payment_method = fields.pop("payment_method", "cod")
    with translation.override(language):
        return order_place(
            cart=cart,
            buyer=None,
            details=BuyerDetails(**fields),
            payment_method=payment_method,
            checkout_token=uuid.uuid4().hex,
        )


def logs_for(event: str) -> list[NotificationLog]:
    return list(NotificationLog.objects.filter(event=event).order_by("channel"))


def test_placed_order_tells_the_buyer_in_their_language_and_the_group_in_urdu(
    catalog, recorded_sms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = place(catalog, language="ur")

    buyer_email, buyer_sms = logs_for("order_placed")
    assert (buyer_email.recipient, buyer_sms.recipient) == ("ayesha@example.org", "0321 1234567")
    assert buyer_email.language == buyer_sms.language == "ur"
    assert order.number in buyer_email.subject and "آرڈر" in buyer_email.subject
    group_email, group_sms = logs_for("sub_order_new")
    assert group_sms.recipient == "+923007654321" and group_sms.language == "ur"
    assert "Ralli quilt" in group_email.body
    assert all(log.status == "sent" and log.attempts == 1 for log in NotificationLog.objects.all())
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ayesha@example.org",
        "thar@example.org",
    ]
    assert {sms["to"] for sms in recorded_sms} == {"0321 1234567", "+923007654321"}


def test_rolled_back_transaction_enqueues_nothing(
    catalog, recorded_sms, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notification_queue(
            event="order_cancelled",
            dedupe_key="rolled-back",
            language="en",
            context={"number": "CM-000999", "name": "Ayesha"},
            email="ayesha@example.org",
            phone="0321 1234567",
        )
        raise RuntimeError("the caller's transaction fails after queuing")
    assert callbacks == []
    assert not NotificationLog.objects.exists()
    assert mail.outbox == [] and recorded_sms == []


def test_checkout_that_fails_for_lack_of_stock_notifies_nobody(
    catalog, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(CheckoutError),
    ):
        place(catalog, quantity=8)
    assert callbacks == [] and not NotificationLog.objects.exists() and mail.outbox == []


def test_redelivered_task_sends_once(catalog, recorded_sms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [email, sms] = notification_queue(
            event="order_cancelled",
            dedupe_key="order_cancelled:1",
            language="en",
            context={"number": "CM-000001", "name": "Ayesha"},
            email="ayesha@example.org",
            phone="0321 1234567",
        )
    # The broker delivers both tasks again (a worker died before acknowledging them).
    send_notification.apply(args=[email.pk])
    send_notification.apply(args=[sms.pk])

    assert len(mail.outbox) == 1 and len(recorded_sms) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 1)


def test_queuing_the_same_event_twice_logs_and_sends_it_once(
    catalog, recorded_sms, django_capture_on_commit_callbacks
):
    arguments = {
        "event": "order_paid",
        "dedupe_key": "order_paid:7",
        "language": "en",
        "context": {"number": "CM-000007", "name": "Ayesha", "total": Decimal("100.00")},
        "phone": "0321 1234567",
    }
    with django_capture_on_commit_callbacks(execute=True):
        notification_queue(**arguments)
        notification_queue(**arguments)
    assert NotificationLog.objects.count() == 1 and len(recorded_sms) == 1
    assert recorded_sms[0]["text"] == (
        "Crafts Mela: payment of Rs 100 received for order CM-000007. Thank you!"
    )


def test_buyer_hears_of_payment_shipping_and_delivery_in_the_language_of_the_order(
    catalog, django_capture_on_commit_callbacks
):
    finance = UserFactory(username="finance", email="finance@example.org")
    finance.groups.add(Group.objects.get(name="Finance"))
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        order = place(catalog, language="ur", payment_method="transfer")
    with django_capture_on_commit_callbacks(execute=True):
        payment = transfer_reference_submit(
            order_id=order.pk, provider="jazzcash", reference="TX-1"
        )
    [staff_email] = logs_for("transfer_awaiting_verification")
    assert staff_email.recipient == "finance@example.org" and "TX-1" in staff_email.body

    with django_capture_on_commit_callbacks(execute=True):
        transfer_verify(payment_id=payment.pk, by=finance, approve=True)
        sub_order = order.sub_orders.get()
        for status in (SubOrderStatus.PACKED, SubOrderStatus.SHIPPED, SubOrderStatus.DELIVERED):
            sub_order_advance(
                user=superuser,
                sub_order_id=sub_order.pk,
                to_status=status,
                courier="TCS",
                tracking_number="TCS-889",
            )

    for event in ("order_paid", "order_shipped", "order_delivered"):
        logs = logs_for(event)
        assert [log.channel for log in logs] == ["email", "sms"], event
        assert all(log.language == "ur" and log.status == "sent" for log in logs), event
    assert "TCS-889" in logs_for("order_shipped")[1].body
    assert not NotificationLog.objects.filter(event="order_cancelled").exists()


def test_cancelled_order_tells_the_buyer(catalog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = place(catalog, contact_email="")
        order_cancel(order_id=order.pk, reason="Buyer asked")
    [sms] = logs_for("order_cancelled")
    assert sms.channel == "sms" and order.number in sms.body and sms.language == "en"


def test_group_hears_once_when_an_order_takes_stock_below_the_threshold(
    catalog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        place(catalog, quantity=1)  # 7 → 6: not low yet
        assert not NotificationLog.objects.filter(event="low_stock").exists()
        place(catalog, quantity=2)  # 6 → 4: crosses the threshold of 5
        place(catalog, quantity=1)  # 4 → 3: already low, no second message
    email, sms = logs_for("low_stock")
    assert sms.recipient == "+923007654321" and sms.language == "ur"
    assert "4" in sms.body and "Ralli quilt" in email.subject


def test_payout_sent_tells_the_group(catalog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        payout_sent_notify(
            group=catalog["group"], payout_id=12, amount=Decimal("15000.00"), reference="P-12"
        )
    email, sms = logs_for("payout_sent")
    assert email.status == sms.status == "sent"
    assert "P-12" in sms.body and sms.language == "ur"


def test_notification_log_is_shown_to_order_managers_and_hidden_from_group_staff(catalog):
    from django.contrib.auth.models import Permission

    NotificationLog.objects.create(
        dedupe_key="k", event="order_paid", channel="sms", recipient="0321 1234567", body="Paid"
    )
    manager = UserFactory(username="manager", is_staff=True)
    manager.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="manage_all_orders"),
    )
    client = Client()
    client.force_login(manager)
    listing = client.get("/admin/notification_log/?status=pending&q=0321")
    assert listing.status_code == 200
    # Read left to right on an Urdu screen too (not "1234567 0321" or "…92+").
    assert '<bdi dir="ltr">0321 1234567</bdi>' in listing.content.decode()
    assert "/admin/notification_log/" in client.get("/admin/").content.decode()
    log = NotificationLog.objects.get()
    assert client.get(f"/admin/notification_log/inspect/{log.pk}/").status_code == 200
    assert client.get(f"/admin/notification_log/edit/{log.pk}/").status_code in (302, 403)

    staff = UserFactory(username="group-staff", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    assert client.get("/admin/notification_log/").status_code in (302, 403)
    assert "/admin/notification_log/" not in client.get("/admin/").content.decode()


class FlakySMSBackend:
    """Refuses the first FAILURES messages, then keeps each one it is given."""

    FAILURES = 2
    refused = 0

    def send(self, *, to: str, text: str) -> None:
        from marketplace.sms import SMSDeliveryError

        if FlakySMSBackend.refused < FlakySMSBackend.FAILURES:
            FlakySMSBackend.refused += 1
            raise SMSDeliveryError("gateway busy")
        SENT_SMS.append({"to": to, "text": text})


def test_an_orders_messages_are_written_together_and_sent_by_one_task(
    catalog, recorded_sms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        order = place(catalog)

    # Buyer and group, each by email and SMS: four rows, handed to Celery as one task.
    logs = NotificationLog.objects.filter(order_id=order.pk)
    assert sorted(logs.values_list("event", "channel")) == [
        ("order_placed", "email"),
        ("order_placed", "sms"),
        ("sub_order_new", "email"),
        ("sub_order_new", "sms"),
    ]
    assert len([call for call in callbacks if "notifications_enqueue" in repr(call)]) == 1
    assert all(log.status == "sent" and log.attempts == 1 for log in logs)
    assert len(mail.outbox) == 2 and len(recorded_sms) == 2


def test_a_failing_channel_in_an_orders_task_is_retried_alone(
    catalog, recorded_sms, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = f"{__name__}.FlakySMSBackend"
    FlakySMSBackend.refused = 0
    with django_capture_on_commit_callbacks(execute=True):
        order = place(catalog)

    logs = {
        (log.event, log.channel): log for log in NotificationLog.objects.filter(order_id=order.pk)
    }
    # Emails went out once, at the first try; the first SMS was refused twice, then sent.
    assert logs["order_placed", "email"].attempts == logs["sub_order_new", "email"].attempts == 1
    assert logs["order_placed", "sms"].attempts == 3
    assert logs["sub_order_new", "sms"].attempts == 1
    assert all(log.status == "sent" for log in logs.values())
    assert len(mail.outbox) == 2 and len(recorded_sms) == 2


def test_a_message_whose_channel_stays_down_is_marked_failed_and_the_others_are_sent(
    catalog, recorded_sms, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = f"{__name__}.FlakySMSBackend"
    settings.NOTIFICATION_MAX_RETRIES = 1
    FlakySMSBackend.refused = 0
    with django_capture_on_commit_callbacks(execute=True):
        order = place(catalog)

    logs = {
        (log.event, log.channel): log for log in NotificationLog.objects.filter(order_id=order.pk)
    }
    failed = logs["order_placed", "sms"]
    assert (failed.status, failed.attempts) == ("failed", 2)  # the first try and one retry
    assert "gateway busy" in failed.last_error
    assert logs["sub_order_new", "sms"].status == "sent"  # the gateway was back by then
    assert logs["order_placed", "email"].status == logs["sub_order_new", "email"].status == "sent"


def test_queuing_again_with_a_new_recipient_sends_only_the_new_message(
    catalog, recorded_sms, django_capture_on_commit_callbacks
):
    arguments = {
        "event": "order_paid",
        "dedupe_key": "order_paid:8",
        "language": "en",
        "context": {"number": "CM-000008", "name": "Ayesha", "total": Decimal("100.00")},
        "phone": "0321 1234567",
    }
    with django_capture_on_commit_callbacks(execute=True):
        [sms] = notification_queue(**arguments)
    with django_capture_on_commit_callbacks(execute=True):
        again = notification_queue(**arguments, email="ayesha@example.org")

    assert [log.channel for log in again] == ["email", "sms"] and again[1].pk == sms.pk
    assert NotificationLog.objects.count() == 2
    assert len(recorded_sms) == 1 and len(mail.outbox) == 1


def test_sms_only_message_keeps_its_subject_and_sms_text(
    catalog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = place(catalog, contact_email="")
    [sms] = logs_for("order_placed")
    assert sms.channel == "sms" and order.number in sms.subject
    assert sms.body.startswith(f"Crafts Mela: order {order.number} received")
