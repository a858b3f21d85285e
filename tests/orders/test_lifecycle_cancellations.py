"""Declining, cancelling and returning one producer group's part, and the refunds they owe.

Each case: the sub-order's status and reason, the money owed back (Refund), the group's
ledger brought back to zero, stock back on sale, messages to the buyer and the group.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Sum

from catalog.models import ProducerGroupPage, ProductVariant
from marketplace.models import NotificationLog
from marketplace.money import format_pkr as pkr
from orders.lifecycle.orders import order_cancel
from orders.lifecycle.payments import transfer_reference_submit, transfer_verify
from orders.lifecycle.sub_orders import (
    sub_order_advance,
    sub_order_cancel,
    sub_order_decline,
    sub_order_return,
)
from orders.lifecycle.tables import OrderStateError
from orders.models import (
    CancellationKind,
    LedgerEntry,
    Order,
    OrderStatus,
    PaymentStatus,
    Refund,
    RefundChannel,
    RefundStatus,
    StatusChange,
    SubOrderStatus,
)
from orders.payments.refunds import RefundError, refund_mark_sent
from tests.factories import UserFactory, make_staff
from tests.orders.conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


def place(client, catalog, **changes) -> Order:
    add_to_cart(client, catalog["shawl"], 1)
    add_to_cart(client, catalog["quilt"], 1)
    client.post("/checkout/", checkout_data(client, **changes))
    return Order.objects.latest("pk")


@pytest.fixture
def finance():
    user = UserFactory(username="finance")
    user.user_permissions.add(
        Permission.objects.get(codename="verify_transfers"),
        Permission.objects.get(codename="manage_all_orders"),
    )
    return user


def paid_by_transfer(client, catalog, finance) -> Order:
    order = place(client, catalog, payment_method="transfer")
    payment = transfer_reference_submit(order_id=order.pk, provider="jazzcash", reference="TX-1")
    transfer_verify(payment_id=payment.pk, by=finance, approve=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    return order


def ledger_net(sub_order) -> Decimal:
    return LedgerEntry.objects.filter(sub_order=sub_order).aggregate(t=Sum("amount"))["t"] or 0


def stock(variant) -> int:
    return ProductVariant.objects.get(pk=variant.pk).stock


def test_cancelling_while_a_transfer_awaits_verification_then_approving_owes_a_refund(
    client, two_groups_catalog, finance
):
    """The bug: the order came out cancelled *and* paid, with no refund and no ledger entry."""
    order = place(client, two_groups_catalog, payment_method="transfer")
    payment = transfer_reference_submit(order_id=order.pk, provider="jazzcash", reference="TX-7")
    order_cancel(order_id=order.pk, by=finance, reason="Buyer asked by phone")

    transfer_verify(payment_id=payment.pk, by=finance, approve=True)

    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert order.payment_status == PaymentStatus.PAID
    (refund,) = Refund.objects.filter(order=order)
    assert (refund.amount, refund.status, refund.channel) == (
        order.grand_total,
        RefundStatus.OWED,
        RefundChannel.TRANSFER,
    )
    assert order.refund_due == order.grand_total
    assert not LedgerEntry.objects.filter(sub_order__order=order).exists()

    refund_mark_sent(refund_id=refund.pk, by=finance, reference="IBFT 5512")
    order.refresh_from_db()
    assert order.refund_due == 0
    assert order.payment_status == PaymentStatus.REFUNDED
    assert NotificationLog.objects.filter(order_id=order.pk, event="refund_sent").exists()


def test_a_group_declines_its_paid_part_with_a_reason(client, two_groups_catalog, finance):
    catalog = two_groups_catalog
    order = paid_by_transfer(client, catalog, finance)
    lahore = order.sub_orders.get(producer_group=catalog["lahore"])
    thar = order.sub_orders.get(producer_group=catalog["thar"])
    staff = make_staff(catalog["lahore"])
    ProducerGroupPage.objects.filter(pk=catalog["lahore"].pk).update(
        contact_email="union@example.org", contact_phone="+923001112223"
    )
    shawls = stock(catalog["shawl"])
    history = StatusChange.objects.count()

    with pytest.raises(OrderStateError):
        sub_order_decline(user=staff, sub_order_id=lahore.pk, reason="  ")
    assert StatusChange.objects.count() == history  # refused: nothing written
    with pytest.raises(lahore.DoesNotExist):
        sub_order_decline(user=staff, sub_order_id=thar.pk, reason="not ours")

    sub_order_decline(user=staff, sub_order_id=lahore.pk, reason="The dye lot ran out")

    lahore.refresh_from_db()
    assert lahore.status == SubOrderStatus.CANCELLED
    assert lahore.cancellation_kind == CancellationKind.DECLINED
    assert lahore.cancellation_reason == "The dye lot ran out"
    assert lahore.cancelled_at is not None
    assert ledger_net(lahore) == 0
    assert ledger_net(thar) == thar.group_earnings
    assert stock(catalog["shawl"]) == shawls + 1
    refund = Refund.objects.get(sub_order=lahore)
    assert refund.amount == lahore.total and refund.status == RefundStatus.OWED
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID  # the other group's part goes on
    assert order.refund_due == lahore.total
    logs = NotificationLog.objects.filter(sub_order_id=lahore.pk)
    events = set(logs.values_list("event", flat=True))
    assert {"sub_order_closed", "group_sub_order_closed"} <= events
    group_sms = logs.get(event="group_sub_order_closed", recipient="+923001112223")
    assert "منسوخ" in group_sms.body  # a group in Pakistan hears in Urdu

    # Sending the refund takes nothing more from the group that still sends its part.
    refund_mark_sent(refund_id=refund.pk, by=finance, reference="IBFT 1")
    assert ledger_net(thar) == thar.group_earnings
    assert ledger_net(lahore) == 0

    # Declining twice, or after the fact, is refused.
    with pytest.raises(OrderStateError):
        sub_order_decline(user=staff, sub_order_id=lahore.pk, reason="again")
    assert Refund.objects.filter(sub_order=lahore).count() == 1


def test_a_group_cannot_decline_a_shipped_parcel(client, two_groups_catalog):
    catalog = two_groups_catalog
    order = place(client, catalog)  # cash on delivery
    lahore = order.sub_orders.get(producer_group=catalog["lahore"])
    staff = make_staff(catalog["lahore"])
    for step in ("packed", "shipped"):
        sub_order_advance(
            user=staff, sub_order_id=lahore.pk, to_status=step, courier="TCS", tracking_number="1"
        )
    with pytest.raises(OrderStateError):
        sub_order_decline(user=staff, sub_order_id=lahore.pk, reason="changed our mind")
    lahore.refresh_from_db()
    assert lahore.status == SubOrderStatus.SHIPPED


def test_cash_on_delivery_part_cancelled_before_delivery_owes_nothing(
    client, two_groups_catalog, finance
):
    catalog = two_groups_catalog
    order = place(client, catalog)
    thar = order.sub_orders.get(producer_group=catalog["thar"])
    quilts = stock(catalog["quilt"])

    with pytest.raises(PermissionDenied):
        sub_order_cancel(by=make_staff(catalog["thar"]), sub_order_id=thar.pk, reason="x")
    sub_order_cancel(by=finance, sub_order_id=thar.pk, reason="Courier cannot reach Tharparkar")

    thar.refresh_from_db()
    assert (thar.status, thar.cancellation_kind) == (SubOrderStatus.CANCELLED, "staff")
    assert not Refund.objects.filter(order=order).exists()
    assert stock(catalog["quilt"]) == quilts + 1
    order.refresh_from_db()
    assert order.status == OrderStatus.CASH_ON_DELIVERY


def test_the_order_page_asks_the_courier_payment_only_for_parcels_still_coming(
    client, two_groups_catalog, finance
):
    catalog = two_groups_catalog
    order = place(client, catalog)
    lahore = order.sub_orders.get(producer_group=catalog["lahore"])
    thar = order.sub_orders.get(producer_group=catalog["thar"])
    sub_order_cancel(by=finance, sub_order_id=thar.pk, reason="Courier cannot reach Tharparkar")

    page = client.get(order.get_absolute_url()).content.decode()

    still_due = pkr(lahore.total)
    assert f"Pay the courier {still_due} in cash" in page
    assert f"Pay the courier {pkr(order.grand_total)} in cash" not in page
    # One parcel is still coming: no "each parcel separately" and no per-parcel amounts.
    assert "Each parcel comes separately" not in page
    assert "Pay on delivery:" not in page


def test_a_delivered_cash_on_delivery_part_is_returned_and_refunded_by_transfer(
    client, two_groups_catalog, finance
):
    catalog = two_groups_catalog
    order = place(client, catalog)
    lahore = order.sub_orders.get(producer_group=catalog["lahore"])
    staff = make_staff(catalog["lahore"])
    for step in ("packed", "shipped", "delivered"):
        sub_order_advance(
            user=staff, sub_order_id=lahore.pk, to_status=step, courier="TCS", tracking_number="1"
        )
    lahore.refresh_from_db()
    assert ledger_net(lahore) == lahore.group_earnings
    shawls = stock(catalog["shawl"])

    with pytest.raises(PermissionDenied):
        sub_order_return(by=staff, sub_order_id=lahore.pk, reason="torn")
    sub_order_return(by=finance, sub_order_id=lahore.pk, reason="Torn in transit", restock=False)

    lahore.refresh_from_db()
    assert lahore.status == SubOrderStatus.RETURNED and lahore.returned_at is not None
    assert ledger_net(lahore) == 0
    assert stock(catalog["shawl"]) == shawls  # damaged: not put back on sale
    refund = Refund.objects.get(sub_order=lahore)
    assert (refund.amount, refund.channel) == (lahore.total, RefundChannel.TRANSFER)

    with pytest.raises(RefundError):
        refund_mark_sent(refund_id=refund.pk, by=finance, reference=" ")
    refund_mark_sent(refund_id=refund.pk, by=finance, reference="Easypaisa 7781")
    with pytest.raises(RefundError):
        refund_mark_sent(refund_id=refund.pk, by=finance, reference="again")
    order.refresh_from_db()
    assert order.refund_due == 0


def test_expired_orders_record_why_they_were_cancelled(client, two_groups_catalog, finance):
    order = place(client, two_groups_catalog, payment_method="transfer")
    order_cancel(order_id=order.pk, by=finance, reason="reservation expired")
    order.refresh_from_db()
    # Staff typing the expiry's words do not make it an expiry: the kind is a field.
    assert order.cancellation_kind == CancellationKind.STAFF
    assert order.cancelled_at is not None


def test_cancelling_the_whole_order_tells_each_group_not_to_send_it(
    client, two_groups_catalog, finance
):
    catalog = two_groups_catalog
    ProducerGroupPage.objects.filter(pk=catalog["thar"].pk).update(contact_phone="+923004445556")
    order = place(client, catalog)  # cash on delivery
    order_cancel(order_id=order.pk, by=finance, reason="Buyer moved abroad")

    thar = order.sub_orders.get(producer_group=catalog["thar"])
    group_message = NotificationLog.objects.get(
        sub_order_id=thar.pk, event="group_sub_order_closed"
    )
    assert group_message.recipient == "+923004445556"
    # The buyer hears once, that the whole order is cancelled (not once per part).
    order.refresh_from_db()
    buyer_events = NotificationLog.objects.filter(order_id=order.pk, recipient=order.contact_phone)
    assert "order_cancelled" in set(buyer_events.values_list("event", flat=True))
    assert not buyer_events.filter(event="sub_order_closed").exists()
