"""The producer groups' ledger: written as orders are paid, delivered, cancelled and refunded."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db.models import Sum
from django.utils import timezone

from marketplace.money import to_money
from orders.finance.ledger import (
    ledger_record_order_paid,
    ledger_record_refund,
    ledger_record_sub_order_paid,
)
from orders.finance.ledger_selectors import group_balance
from orders.lifecycle.orders import order_cancel
from orders.lifecycle.payments import transfer_verify
from orders.lifecycle.sub_orders import sub_order_advance
from orders.models import (
    LedgerCause,
    LedgerEntry,
    LedgerError,
    LedgerKind,
    Order,
    OrderStatus,
    Payment,
    SubOrder,
)
from orders.payments.refunds import order_refund
from tests.factories import UserFactory, make_staff
from tests.fakes.stripe_server import deliver, event
from tests.orders.conftest import add_to_cart, checkout_data
from tests.orders.test_stripe_checkout import place_card_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance():
    user = UserFactory(username="finance")
    user.user_permissions.add(
        Permission.objects.get(codename="manage_all_orders"),
        Permission.objects.get(codename="verify_transfers"),
    )
    return user


def paid_card_order(client, stripe_server, catalog) -> Order:
    """Two shawls (Rs 9,000 at 10%) and a quilt (Rs 9,999.99 at 12.5%), paid by card."""
    add_to_cart(client, catalog["shawl"], 2)
    order, session_id = place_card_order(client, catalog["quilt"], 1)
    deliver(client, event("checkout.session.completed", stripe_server.pay(session_id)))
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    return order


def place_cod(client, catalog) -> Order:
    add_to_cart(client, catalog["shawl"], 1)
    add_to_cart(client, catalog["quilt"], 1)
    client.post("/checkout/", checkout_data(client))
    return Order.objects.latest("pk")


def deliver_sub_order(sub_order: SubOrder, user) -> None:
    sub_order_advance(user=user, sub_order_id=sub_order.pk, to_status="packed")
    sub_order_advance(
        user=user,
        sub_order_id=sub_order.pk,
        to_status="shipped",
        courier="TCS",
        tracking_number="TCS-1",
    )
    sub_order_advance(user=user, sub_order_id=sub_order.pk, to_status="delivered")


def net(**filters) -> Decimal:
    # SQLite sums decimals in floating point: round the way the services do.
    return to_money(
        LedgerEntry.objects.filter(**filters).aggregate(total=Sum("amount"))["total"] or 0
    )


def test_a_paid_card_order_records_each_groups_earnings_exactly(
    client, stripe_server, two_groups_catalog
):
    order = paid_card_order(client, stripe_server, two_groups_catalog)

    for sub_order in order.sub_orders.all():
        entries = {e.kind: e.amount for e in LedgerEntry.objects.filter(sub_order=sub_order)}
        assert entries == {
            LedgerKind.SALE: sub_order.items_total,
            LedgerKind.COMMISSION: -sub_order.commission_total,
            LedgerKind.DELIVERY: sub_order.delivery_charge,
        }
        assert net(producer_group=sub_order.producer_group) == sub_order.group_earnings
    thar = order.sub_orders.get(producer_group=two_groups_catalog["thar"])
    assert thar.group_earnings == Decimal("9999.99") - Decimal("1250.00") + Decimal("300.00")


def test_recording_a_paid_sub_order_again_adds_nothing(client, stripe_server, two_groups_catalog):
    order = paid_card_order(client, stripe_server, two_groups_catalog)
    count = LedgerEntry.objects.count()

    ledger_record_order_paid(order=order)
    for sub_order in order.sub_orders.all():
        assert ledger_record_sub_order_paid(sub_order_id=sub_order.pk) == []
    assert LedgerEntry.objects.count() == count == 6


def test_an_unpaid_order_has_no_entries_and_cash_on_delivery_counts_when_delivered(
    client, two_groups_catalog, settings
):
    settings.LEDGER_HOLD_DAYS = 7
    order = place_cod(client, two_groups_catalog)
    assert order.status == OrderStatus.CASH_ON_DELIVERY
    assert not LedgerEntry.objects.exists()

    lahore = order.sub_orders.get(producer_group=two_groups_catalog["lahore"])
    deliver_sub_order(lahore, make_staff(two_groups_catalog["lahore"]))

    assert net(sub_order=lahore) == lahore.group_earnings
    assert not LedgerEntry.objects.exclude(sub_order=lahore).exists()  # Thar's is not delivered
    # The courier has the cash: no availability date until its remittance is accepted
    # (tests/orders/test_cod_remittances.py).
    assert not LedgerEntry.objects.filter(sub_order=lahore, available_from__isnull=False).exists()


def test_earnings_are_held_until_delivery_and_for_the_hold_period_after_it(
    client, stripe_server, two_groups_catalog, settings
):
    settings.LEDGER_HOLD_DAYS = 3
    order = paid_card_order(client, stripe_server, two_groups_catalog)
    group = two_groups_catalog["lahore"]
    sub_order = order.sub_orders.get(producer_group=group)
    earnings = sub_order.group_earnings

    balance = group_balance(group)
    assert (balance.balance, balance.available, balance.held) == (earnings, 0, earnings)

    deliver_sub_order(sub_order, make_staff(group))
    assert group_balance(group).available == 0
    in_two_days = group_balance(group, now=timezone.now() + timedelta(days=2))
    assert in_two_days.available == 0 and in_two_days.held == earnings
    after_hold = group_balance(group, now=timezone.now() + timedelta(days=3, minutes=1))
    assert (after_hold.available, after_hold.held) == (earnings, 0)


def test_cancelling_a_paid_order_reverses_its_entries_and_nothing_is_deleted(
    client, stripe_server, two_groups_catalog
):
    order = paid_card_order(client, stripe_server, two_groups_catalog)

    order_cancel(order_id=order.pk, reason="buyer asked")
    order_cancel(order_id=order.pk, reason="again")

    assert LedgerEntry.objects.filter(cause=LedgerCause.PAID).count() == 6
    assert LedgerEntry.objects.filter(cause=LedgerCause.CANCELLATION).count() == 6
    for group in (two_groups_catalog["lahore"], two_groups_catalog["thar"]):
        assert group_balance(group).balance == 0
    assert set(
        LedgerEntry.objects.filter(cause=LedgerCause.CANCELLATION).values_list("note", flat=True)
    ) == {"buyer asked"}


def test_cancelling_an_unpaid_order_writes_nothing(client, two_groups_catalog):
    order = place_cod(client, two_groups_catalog)
    order_cancel(order_id=order.pk, reason="changed my mind")
    assert not LedgerEntry.objects.exists()


def test_a_transfer_order_is_recorded_when_staff_verify_the_transfer(
    client, two_groups_catalog, finance
):
    add_to_cart(client, two_groups_catalog["shawl"], 1)
    client.post("/checkout/", checkout_data(client, payment_method="transfer"))
    order = Order.objects.latest("pk")
    client.post(order.get_absolute_url(), {"provider": "jazzcash", "reference": "TX-1"})
    assert not LedgerEntry.objects.exists()

    transfer_verify(payment_id=Payment.objects.get(order=order).pk, by=finance, approve=True)

    (sub_order,) = order.sub_orders.all()
    assert net(sub_order=sub_order) == sub_order.group_earnings == Decimal("4250.00")


def test_a_partial_refund_takes_back_its_share_with_the_commission_on_it(
    client, stripe_server, two_groups_catalog, finance
):
    order = paid_card_order(client, stripe_server, two_groups_catalog)
    before = {so.pk: so.group_earnings for so in order.sub_orders.all()}

    order_refund(order_id=order.pk, by=finance, amount=Decimal("1000.00"))

    refunds = LedgerEntry.objects.filter(cause=LedgerCause.REFUND)
    buyer_got_back = -to_money(
        refunds.exclude(kind=LedgerKind.COMMISSION).aggregate(t=Sum("amount"))["t"]
    )
    assert buyer_got_back == Decimal("1000.00")
    for sub_order in order.sub_orders.all():
        taken = net(sub_order=sub_order, cause=LedgerCause.REFUND)
        assert -Decimal("1000.00") < taken < 0
        assert net(sub_order=sub_order) == before[sub_order.pk] + taken
        commission_back = net(sub_order=sub_order, cause=LedgerCause.REFUND, kind="commission")
        assert commission_back > 0


def test_a_full_refund_after_a_partial_one_brings_every_group_to_zero(
    client, stripe_server, two_groups_catalog, finance
):
    order = paid_card_order(client, stripe_server, two_groups_catalog)

    order_refund(order_id=order.pk, by=finance, amount=Decimal("333.33"))
    order_refund(order_id=order.pk, by=finance)
    ledger_record_refund(order_id=order.pk)  # the charge.refunded webhook, again

    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    for sub_order in order.sub_orders.all():
        for kind in (LedgerKind.SALE, LedgerKind.COMMISSION, LedgerKind.DELIVERY):
            assert net(sub_order=sub_order, kind=kind) == 0


def test_a_refund_made_in_stripes_dashboard_reaches_the_ledger(
    client, stripe_server, two_groups_catalog
):
    order = paid_card_order(client, stripe_server, two_groups_catalog)
    payment = order.payments.get()
    charge = stripe_server.refund_in_dashboard(payment.stripe_payment_intent, 50000)

    deliver(client, event("charge.refunded", charge))
    deliver(client, event("charge.refunded", charge))

    refunded = LedgerEntry.objects.filter(cause=LedgerCause.REFUND).exclude(kind="commission")
    assert to_money(refunded.aggregate(t=Sum("amount"))["t"]) == Decimal("-500.00")


def test_entries_cannot_be_edited_or_deleted(client, stripe_server, two_groups_catalog):
    paid_card_order(client, stripe_server, two_groups_catalog)
    entry = LedgerEntry.objects.first()

    entry.amount = Decimal("1.00")
    with pytest.raises(LedgerError):
        entry.save()
    with pytest.raises(LedgerError):
        entry.delete()
    with pytest.raises(LedgerError):
        LedgerEntry.objects.all().delete()
    with pytest.raises(LedgerError):
        LedgerEntry.objects.update(amount=Decimal("1.00"))
    assert LedgerEntry.objects.count() == 6
